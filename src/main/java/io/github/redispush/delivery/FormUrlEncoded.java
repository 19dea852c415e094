package io.github.redispush.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An {@code application/x-www-form-urlencoded} body from the fields a provider route names, in their order, as
 * RongCloud's server SDKs write it (UTF-8, {@link URLEncoder}: a space becomes {@code +}). camel-http sends a body
 * as it is and the simple language cannot URL-encode, so this one step is Java.
 */
public class FormUrlEncoded {

    /**
     * @param fields name to value; a null or empty value is left out (an optional field that is not set), and a
     *               collection repeats the field once per element ({@code toUserId=a&toUserId=b})
     */
    public String encode(Map<String, ?> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, value) -> {
            if (value instanceof Collection<?> values) {
                values.forEach(v -> add(form, name, v));
            } else {
                add(form, name, value);
            }
        });
        return form.toString();
    }

    private static void add(StringJoiner form, String name, Object value) {
        if (value == null || value.toString().isEmpty()) {
            return;
        }
        form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }
}
