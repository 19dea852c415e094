package io.github.redispush;

/**
 * {@link IdempotentIntakeTest} on push.redis.layout=cluster, on one server: the values are SET NX outside the script
 * there, and the record is written with the LPUSH in the push queue's slot ({@code {push_queue}:temp_queue:idempotency:<id>}).
 */
class IdempotentIntakeClusterLayoutTest extends IdempotentIntakeTest {

    @Override
    protected String layout() {
        return "cluster";
    }

    @Override
    protected String schedule() {
        return "{push_queue}:temp_queue:scheduled";
    }

    @Override
    protected String recordKey(String id) {
        return "{push_queue}:temp_queue:idempotency:" + id;
    }
}
