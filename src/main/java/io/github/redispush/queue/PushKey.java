package io.github.redispush.queue;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A queued key as the PHP producer names it: {@code <type>_<operation>_<uid>_<6 random digits>}, e.g.
 * {@code rabbit_push_20_175990}. Parsed once at the edge by {@link PushKeyParser}.
 */
public record PushKey(String key, String type, String operation, String uid, String nonce) {

    /** A random 6-digit nonce, like PHP's {@code rand(100000, 999999)}. */
    public static int randomNonce() {
        return ThreadLocalRandom.current().nextInt(100000, 1000000);
    }

    public static String of(String prefix, String uid, int nonce) {
        return prefix + "_" + uid + "_" + nonce;
    }
}
