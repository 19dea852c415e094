package io.github.redispush.support;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's keytool (always there where the tests run), as the
 * PEM files redis-server reads, the PKCS12 keystore an HTTPS test server reads and the PKCS12 truststore the
 * pipeline reads.
 */
public final class SelfSignedCertificate {

    public static final String PASSWORD = "changeit";

    public final Path certificatePem;
    public final Path keyPem;
    public final Path keystore;
    public final Path truststore;

    private SelfSignedCertificate(Path dir) {
        this.certificatePem = dir.resolve("redis.crt");
        this.keyPem = dir.resolve("redis.key");
        this.keystore = dir.resolve("keystore.p12");
        this.truststore = dir.resolve("truststore.p12");
    }

    public static SelfSignedCertificate create() throws Exception {
        Path dir = Files.createTempDirectory("redis-tls");
        SelfSignedCertificate made = new SelfSignedCertificate(dir);
        Path keystore = made.keystore;
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("redis", PASSWORD.toCharArray());
        Certificate certificate = store.getCertificate("redis");
        Files.writeString(made.keyPem, pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(made.certificatePem, pem("CERTIFICATE", certificate.getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("redis", certificate);
        try (OutputStream out = Files.newOutputStream(made.truststore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return made;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
