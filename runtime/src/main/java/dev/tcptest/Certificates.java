package dev.tcptest;

import dev.tcptest.internal.tls.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A leaf certificate with its private key, issued by a CA: what a TLS server presents, or a
 * client presents for mutual TLS, and the CA its peer trusts. The JVM has one throwaway CA
 * (EC P-256, made on first use, valid from a day before until 30 days after), which issues
 * every certificate made here, so one trust store trusts them all, and an expired or wrong-host
 * leaf is rejected by a client's normal checks. Made in-process with the JDK's public APIs:
 * no keytool, no files. Immutable and safe to share between threads.
 *
 * <pre>{@code
 * Certificates certificates = Certificates.forHosts("localhost", "db.test", "127.0.0.1");
 * SSLContext client = certificates.clientContext();   // trusts the CA, so this leaf and no other
 * }</pre>
 */
public final class Certificates {

    /** The alias of the key entry in {@link #keyStore()} and {@link #writeKeyStore}. */
    private static final String KEY_ALIAS = "tcptest";
    /** The alias of the CA in {@link #trustStore()} and {@link #writeTrustStore}. */
    private static final String CA_ALIAS = "tcptest-ca";
    private static final char[] NO_PASSWORD = new char[0];
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    /** The leaf first, then the certificates that issued it, up to the CA. */
    private final X509Certificate[] chain;

    /**
     * Certificates of a key and its chain.
     *
     * @param key the leaf's private key
     * @param chain the leaf first; its last certificate is the CA
     */
    Certificates(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    /** Holds the JVM's default leaf, made when first asked for. */
    private static final class Throwaway {
        static final Certificates LEAF = builder().build();
    }

    /**
     * The JVM's default leaf, for {@code localhost}, {@code 127.0.0.1} and {@code ::1}: made at
     * the first call, the same for every later one, and what a TLS server presents by default.
     *
     * @return the throwaway certificates, valid from an hour before the first call until seven days after
     */
    public static Certificates throwaway() {
        return Throwaway.LEAF;
    }

    /**
     * A new leaf for these names with a new key, issued by the JVM's CA, valid from an hour ago
     * for seven days.
     *
     * @param hostNames host names, which become DNS names (a first label {@code *} makes a
     *     wildcard), and IP literals, which become IP addresses ({@code ::1} or {@code [::1]});
     *     the first is also the subject's common name
     * @return the certificates
     * @throws InvalidSettingException for {@code hostNames}: none, null, blank or malformed
     */
    public static Certificates forHosts(String... hostNames) {
        return builder().hostNames(hostNames).build();
    }

    /**
     * A builder of a leaf with chosen names and validity, such as an expired, a not yet valid or
     * a wrong-host one on purpose.
     *
     * @return a builder for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid from an
     *     hour ago for seven days
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Your own key and chain, from a PKCS12 file (keytool's default, {@code .p12} or
     * {@code .pfx}); its CA is the chain's last certificate, the leaf itself when it is
     * self-signed.
     *
     * @param pkcs12 the file, holding one private key with its certificate chain
     * @param password the file's password, which must also be the key's; null for none
     * @return the certificates
     * @throws InvalidSettingException for {@code keyStore} when the file is missing, unreadable,
     *     not PKCS12 or holds no single key, for {@code keyStorePassword} when the password is wrong
     */
    public static Certificates load(Path pkcs12, String password) {
        return KeyStoreFile.read(pkcs12, password == null ? NO_PASSWORD : password.toCharArray());
    }

    /**
     * A client's TLS context that trusts this CA and nothing else, with no client certificate.
     *
     * @return a new context; for HTTPS, the client's own host name check still applies
     */
    public SSLContext clientContext() {
        return context(null, ca());
    }

    /**
     * A client's TLS context that trusts this CA and nothing else, and presents {@code identity}
     * when the server asks for a client certificate (mutual TLS).
     *
     * @param identity the client's key and certificate, such as {@code Certificates.forHosts("client")}
     * @return a new context
     */
    public SSLContext clientContext(Certificates identity) {
        Objects.requireNonNull(identity, "clientContext(identity): identity must not be null; use clientContext()"
                + " for a client without a certificate");
        return context(identity, ca());
    }

    /**
     * A server's TLS context that presents this leaf and, when it asks for client certificates
     * (which the server sets on each connection, as {@code setNeedClientAuth(true)}), accepts
     * those issued by {@code clientIssuer}'s CA.
     *
     * @param clientIssuer whose CA client certificates must come from, or null when clients
     *     present none (this CA is trusted then, which costs nothing to load)
     * @return a new context
     */
    SSLContext serverContext(Certificates clientIssuer) {
        return context(this, (clientIssuer == null ? this : clientIssuer).ca());
    }

    private static SSLContext context(Certificates identity, X509Certificate trusted) {
        try {
            KeyManager[] keyManagers = null;
            if (identity != null) {
                // SunX509 presents the one key whatever its validity: an expired leaf on purpose stays expired.
                KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
                keys.init(identity.keyStore(), NO_PASSWORD);
                keyManagers = keys.getKeyManagers();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(trustStoreOf(trusted));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw unsupported("make a TLS context", e);
        }
    }

    /**
     * A key store that holds this CA's certificate as a trusted entry, for a client's
     * {@code TrustManagerFactory} or {@code javax.net.ssl.trustStore}.
     *
     * @return a new in-memory PKCS12 key store; {@link #writeTrustStore} writes one to a file
     */
    public KeyStore trustStore() {
        return trustStoreOf(ca());
    }

    private static KeyStore trustStoreOf(X509Certificate ca) {
        try {
            KeyStore store = emptyStore();
            store.setCertificateEntry(CA_ALIAS, ca);
            return store;
        } catch (GeneralSecurityException e) {
            throw unsupported("make a PKCS12 key store", e);
        }
    }

    /**
     * A key store that holds the leaf's private key and chain under an empty password, for a
     * {@code KeyManagerFactory}: {@code factory.init(certificates.keyStore(), new char[0])}.
     *
     * @return a new in-memory PKCS12 key store; {@link #writeKeyStore} writes one to a file
     */
    public KeyStore keyStore() {
        try {
            KeyStore store = emptyStore();
            // In memory under an empty password, the key needs no costly protection: one round of
            // key derivation, not the default's thousands, which every context would pay for.
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            store.setEntry(KEY_ALIAS, new KeyStore.PrivateKeyEntry(key, chain), new KeyStore.PasswordProtection(
                    NO_PASSWORD, "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, 1)));
            return store;
        } catch (GeneralSecurityException e) {
            throw unsupported("make a PKCS12 key store", e);
        }
    }

    /**
     * The leaf certificate in PEM, as most tools outside Java read certificates, such as for
     * pinning it in a client.
     *
     * @return {@code -----BEGIN CERTIFICATE-----}, the base64 lines and the END line
     */
    public String certificatePem() {
        return pem(chain[0]);
    }

    /**
     * The CA certificate in PEM, for a non-Java client's trust, such as
     * {@code curl --cacert ca.pem} or {@code openssl s_client -CAfile ca.pem}.
     *
     * @return {@code -----BEGIN CERTIFICATE-----}, the base64 lines and the END line
     */
    public String caCertificatePem() {
        return pem(ca());
    }

    private static String pem(X509Certificate certificate) {
        try {
            String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw unsupported("encode a certificate", e);
        }
    }

    /**
     * Writes {@link #trustStore()} to a PKCS12 file, such as for {@code -Djavax.net.ssl.trustStore}.
     *
     * @param file the file, created or replaced; its folder must exist
     * @param password the file's password; null or empty for an empty one
     * @throws IOException if the file cannot be written
     */
    public void writeTrustStore(Path file, String password) throws IOException {
        write(trustStore(), file, password);
    }

    /**
     * Writes the leaf's key and chain to a PKCS12 file whose key has the file's password, as
     * keytool and servers expect, such as for {@code -Djavax.net.ssl.keyStore}.
     *
     * @param file the file, created or replaced; its folder must exist
     * @param password the file's and the key's password; null or empty for an empty one
     * @throws IOException if the file cannot be written
     */
    public void writeKeyStore(Path file, String password) throws IOException {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry(KEY_ALIAS, key, secret(password), chain);
            write(store, file, password);
        } catch (GeneralSecurityException e) {
            throw unsupported("make a PKCS12 key store", e);
        }
    }

    private static void write(KeyStore store, Path file, String password) throws IOException {
        Objects.requireNonNull(file, "the file must not be null; give a path such as Path.of(\"target\", \"trust.p12\")");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, secret(password));
        } catch (GeneralSecurityException e) {
            throw unsupported("write a PKCS12 key store", e);
        }
    }

    private static char[] secret(String password) {
        return password == null ? NO_PASSWORD : password.toCharArray();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store reads no input", e);
        }
        return store;
    }

    private X509Certificate ca() {
        return chain[chain.length - 1];
    }

    private static IllegalStateException unsupported(String what, GeneralSecurityException e) {
        return new IllegalStateException("this JDK cannot " + what + " (" + e + "); run on a JDK with its standard"
                + " security providers", e);
    }

    /**
     * The leaf's names, validity and CA, for a test's messages.
     *
     * @return such as {@code Certificates[localhost, 127.0.0.1; valid 2027-01-04T09:00:00Z to
     *     2027-01-11T10:00:00Z; CA CN=tcptest throwaway CA 3f9a0c12]}
     */
    @Override
    public String toString() {
        X509Certificate leaf = chain[0];
        return "Certificates[" + String.join(", ", names(leaf)) + "; valid " + leaf.getNotBefore().toInstant() + " to "
                + leaf.getNotAfter().toInstant() + "; CA " + ca().getSubjectX500Principal().getName() + "]";
    }

    /** The leaf's DNS names and IP addresses, or its subject when it has none. */
    private static List<String> names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            for (List<?> name : alternatives == null ? List.<List<?>>of() : alternatives) {
                if (name.get(1) instanceof String text) {
                    names.add(text);
                }
            }
        } catch (CertificateParsingException e) {
            names.clear();
        }
        if (names.isEmpty()) {
            names.add(leaf.getSubjectX500Principal().getName());
        }
        return names;
    }

    /**
     * Makes a leaf issued by the JVM's CA with the names and validity chosen. Every setter
     * checks its value at once and throws {@link InvalidSettingException} naming the fix.
     */
    public static final class Builder {

        /** How long before now, or before {@code validUntil}, an unset {@code validFrom} is. */
        private static final Duration BACKDATED = Duration.ofHours(1);
        /** How long after now, or after {@code validFrom}, an unset {@code validUntil} is. */
        private static final Duration LIFETIME = Duration.ofDays(7);
        private static final Instant EARLIEST = Instant.parse("1950-01-01T00:00:00Z");
        private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

        private HostNames hostNames = HostNames.LOCAL;
        private Instant validFrom;
        private Instant validUntil;

        private Builder() {
        }

        /**
         * The names the leaf is for, in place of {@code localhost}, {@code 127.0.0.1} and
         * {@code ::1}; a client connecting by another name rejects it.
         *
         * @param hostNames host names, which become DNS names (a first label {@code *} makes a
         *     wildcard), and IP literals, which become IP addresses ({@code ::1} or
         *     {@code [::1]}); the first is also the subject's common name
         * @return this builder
         * @throws InvalidSettingException if none is given, or one is null, blank or malformed
         */
        public Builder hostNames(String... hostNames) {
            this.hostNames = HostNames.parse(hostNames);
            return this;
        }

        /**
         * The start of the leaf's validity; after now makes a leaf that is not yet valid.
         *
         * @param validFrom the time, to the second; unset, an hour before now (or before
         *     {@code validUntil}, if that is earlier)
         * @return this builder
         * @throws InvalidSettingException if it is null or outside the years 1950 to 9998
         */
        public Builder validFrom(Instant validFrom) {
            this.validFrom = checked("validFrom", validFrom);
            return this;
        }

        /**
         * The end of the leaf's validity; before now makes an expired leaf. A client also
         * rejects the leaf once the JVM's CA expires, 30 days after it was made.
         *
         * @param validUntil the time, to the second; unset, seven days after now (or after
         *     {@code validFrom}, if that is later)
         * @return this builder
         * @throws InvalidSettingException if it is null or outside the years 1950 to 9998
         */
        public Builder validUntil(Instant validUntil) {
            this.validUntil = checked("validUntil", validUntil);
            return this;
        }

        private static Instant checked(String setting, Instant time) {
            if (time == null || time.isBefore(EARLIEST) || !time.isBefore(LATEST)) {
                throw new InvalidSettingException(setting, time, "must be a time in the years 1950 to 9998, was " + time,
                        "give a time such as Instant.now().minus(Duration.ofDays(1)), or leave it unset");
            }
            return time.truncatedTo(ChronoUnit.SECONDS);
        }

        /**
         * Makes the leaf, with a new EC P-256 key, issued by the JVM's CA (made first if need be).
         *
         * @return the certificates
         * @throws InvalidSettingException for {@code validUntil} if it is not after {@code validFrom}
         */
        public Certificates build() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant from = validFrom != null ? validFrom : earlier(now, validUntil).minus(BACKDATED);
            Instant until = validUntil != null ? validUntil : later(now, validFrom).plus(LIFETIME);
            if (!until.isAfter(from)) {
                throw new InvalidSettingException("validUntil", until, "must be after validFrom (" + from + "), was "
                        + until, "give a later validUntil or an earlier validFrom (both to the second)");
            }
            CertificateAuthority ca = CertificateAuthority.jvm();
            CertificateAuthority.Issued leaf = ca.issue(hostNames.given().get(0), hostNames.dnsNames(),
                    hostNames.addresses(), from, until);
            return new Certificates(leaf.key(), new X509Certificate[] {leaf.certificate(), ca.certificate()});
        }

        private static Instant earlier(Instant now, Instant other) {
            return other != null && other.isBefore(now) ? other : now;
        }

        private static Instant later(Instant now, Instant other) {
            return other != null && other.isAfter(now) ? other : now;
        }
    }
}
