package io.github.redispush.intake;

import io.github.redispush.http.CrossSiteGuard;
import org.apache.camel.Exchange;

/**
 * The gate in front of {@code POST /push}: the intake token when one is set ({@link IntakeToken}); without one, the
 * {@link CrossSiteGuard}'s checks (this server's Host, a JSON body), so that a page in a browser on the producer's
 * machine cannot queue pushes through a form; and, token or not, no form encoding ({@link RequestContentType}).
 * Every header is read from the request as sent: a query parameter of the same name does not count.
 */
public class IntakeAccess {

    private final IntakeToken token;
    private final CrossSiteGuard guard;

    public IntakeAccess(IntakeToken token, CrossSiteGuard guard) {
        this.token = token;
        this.guard = guard;
    }

    public void check(Exchange exchange) {
        String authorization = CrossSiteGuard.requestHeader(exchange, "Authorization");
        exchange.getMessage().removeHeader("Authorization");
        token.check(authorization);
        if (!token.isSet()) {
            guard.checkHost(exchange);
        }
        // a form first: its refusal says how to send JSON with curl
        RequestContentType.check(CrossSiteGuard.requestHeader(exchange, "Content-Type"));
        if (!token.isSet()) {
            guard.checkJson(exchange);
        }
    }
}
