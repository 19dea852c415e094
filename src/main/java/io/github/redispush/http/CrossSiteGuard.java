package io.github.redispush.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.net.HostAndPort;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * What keeps a web page in a browser on the operator's machine from using this server, when no token does: a server
 * on loopback (or behind an ssh tunnel) is reachable from that browser, and the browser sends what a page asks.
 * <ul>
 * <li>{@link #checkHost}: the {@code Host} must be one of this server's own names. A page on {@code evil.example}
 * whose name is made to resolve to 127.0.0.1 (DNS rebinding) reads our answers as its own, but its requests still
 * say {@code Host: evil.example}.</li>
 * <li>{@link #checkJson}: a request that changes something must say {@code Content-Type: application/json}. A plain
 * cross-site form can send only text/plain, a urlencoded or a multipart body, and a page's script can send
 * application/json to another origin only after a CORS preflight, which this server never answers.</li>
 * </ul>
 * Both read the request as it came over the wire, not the exchange's headers: platform-http puts query parameters
 * there too, so {@code ?Content-Type=application/json} or {@code ?Host=localhost} would pass a check of the header.
 */
public class CrossSiteGuard {

    private final Set<String> ownHosts = new LinkedHashSet<>();

    /** @param serverHost {@code camel.server.host}: its name is this server's too, beside the loopback names */
    public CrossSiteGuard(String serverHost) {
        ownHosts.add("localhost");
        ownHosts.add("127.0.0.1");
        ownHosts.add("::1");
        if (serverHost != null && !serverHost.isBlank()) {
            String host = unbracketed(serverHost.trim().toLowerCase(Locale.ROOT));
            ownHosts.add(host);
            if (host.equals("0.0.0.0") || host.equals("::")) {
                addThisMachine();
            }
        }
    }

    /**
     * A server on every interface (with push.http.trusted-network, no token) is reached by this machine's addresses
     * and name. They stay safe to accept: a rebinding page needs a name its attacker controls, and an address
     * literal or this machine's own name is not one.
     */
    private void addThisMachine() {
        try {
            for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    String literal = address.getHostAddress();
                    int zone = literal.indexOf('%');
                    ownHosts.add((zone < 0 ? literal : literal.substring(0, zone)).toLowerCase(Locale.ROOT));
                }
            }
            ownHosts.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            // without them, only the loopback names pass: safe, and the operator can still set a token
        }
    }

    /** Throws {@link ForeignHostException} unless the request names this server, with or without a port. */
    public void checkHost(Exchange exchange) {
        String host = requestHost(exchange);
        if (host == null || !ownHosts.contains(unbracketed(host.trim().toLowerCase(Locale.ROOT)))) {
            throw new ForeignHostException(ownHosts);
        }
    }

    /**
     * The host the request is addressed to, without its port: the Host header of HTTP/1.1, the :authority of HTTP/2
     * (the JDK's client upgrades to it). Never an X-Forwarded-Host, which a page's script may set: platform-http's
     * router leaves forwarded headers off (Vert.x's AllowForwardHeaders.NONE), and HostileRequestsTest checks it.
     */
    private static String requestHost(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            HostAndPort authority = http.getRequest().authority();
            return authority == null ? null : authority.host();
        }
        String host = exchange.getIn().getHeader("Host", String.class);
        return host == null ? null : withoutPort(host);
    }

    /** Throws {@link NotJsonException} unless the request's body is declared {@code application/json}. */
    public void checkJson(Exchange exchange) {
        String contentType = requestHeader(exchange, "Content-Type");
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            throw new NotJsonException(type);
        }
    }

    /**
     * A header as the client sent it, or null. From a request that did not come over HTTP (a test's or an embedder's
     * exchange), the exchange's header.
     */
    public static String requestHeader(Exchange exchange, String name) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest() != null) {
            return http.getRequest().getHeader(name);
        }
        return exchange.getIn().getHeader(name, String.class);
    }

    /** An IPv6 address is written in brackets in a Host header, and bare in camel.server.host. */
    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']');
        if (colon > bracket && (bracket >= 0 || host.indexOf(':') == colon)) {
            return host.substring(0, colon);
        }
        return host;
    }

    /** The Host is not one of this server's names (HTTP 403). */
    public static class ForeignHostException extends RuntimeException {
        public ForeignHostException(Set<String> ownHosts) {
            super("this server answers only requests addressed to " + String.join(", ", ownHosts)
                    + " (a page elsewhere could otherwise read it through its own name: DNS rebinding); set a token"
                    + " (push.ops.token, push.intake.token) to serve other names");
        }
    }

    /** A request that changes something without a JSON body (HTTP 415). */
    public static class NotJsonException extends RuntimeException {
        public NotJsonException(String type) {
            super((type.isEmpty() ? "no Content-Type" : "Content-Type " + type) + " is not accepted here: send"
                    + " Content-Type: application/json (a cross-site form cannot), or Authorization: Bearer <token>");
        }
    }
}
