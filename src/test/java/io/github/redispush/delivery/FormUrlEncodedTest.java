package io.github.redispush.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The form body: fields in order, UTF-8 and URLEncoder's escapes, empty fields left out, a list repeated. */
class FormUrlEncodedTest {

    @Test
    void encodesInOrderLeavesOutEmptyFieldsAndRepeatsAList() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fromUserId", "a b");
        fields.put("toUserId", List.of("u1", "u2"));
        fields.put("content", "{\"content\":\"你好 😀 &=+%\"}");
        fields.put("pushContent", null);
        fields.put("pushData", "");

        assertThat(new FormUrlEncoded().encode(fields)).isEqualTo("fromUserId=a+b&toUserId=u1&toUserId=u2"
                + "&content=%7B%22content%22%3A%22%E4%BD%A0%E5%A5%BD+%F0%9F%98%80+%26%3D%2B%25%22%7D");
    }
}
