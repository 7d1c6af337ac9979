package dev.tcptest.internal.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * A throwaway certificate authority with an EC P-256 key, which issues leaf certificates for
 * TLS servers and clients. The JVM has one ({@link #jvm()}), so that one trust store trusts
 * every certificate the runtime makes, and a client's normal checks (validity, host name) apply
 * to each leaf: the JDK would not check the validity of a directly trusted self-signed leaf.
 */
public final class CertificateAuthority {

    /** How long before its making a CA is valid: room for clocks a little behind. */
    static final Duration BACKDATED = Duration.ofDays(1);
    /** How long after its making a CA is valid: longer than any JVM of a build lives. */
    static final Duration LIFETIME = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final byte[] name;
    private final byte[] keyId;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate, byte[] name, byte[] keyId) {
        this.key = key;
        this.certificate = certificate;
        this.name = name;
        this.keyId = keyId;
    }

    /** Holds the JVM's CA, made when first asked for. */
    private static final class Jvm {
        static final CertificateAuthority CA = create(Instant.now());
    }

    /**
     * The JVM's CA, made at the first call and the same for every later one.
     *
     * @return the CA
     */
    public static CertificateAuthority jvm() {
        return Jvm.CA;
    }

    /**
     * A new CA, valid from a day before now until 30 days after, named with a random suffix so
     * that the CAs of different JVMs are told apart in a trust store.
     *
     * @param now the time of making
     * @return the CA
     */
    static CertificateAuthority create(Instant now) {
        try {
            KeyPair keys = newKeyPair();
            byte[] name = CertificateLayout.name("tcptest throwaway CA " + HexFormat.of().formatHex(randomBytes(4)));
            byte[] keyId = CertificateLayout.keyIdentifier(keys.getPublic());
            Instant at = now.truncatedTo(ChronoUnit.SECONDS);
            byte[] tbs = CertificateLayout.tbsCertificate(serial(), name, at.minus(BACKDATED), at.plus(LIFETIME), name,
                    keys.getPublic(), CertificateLayout.caExtensions(keyId));
            return new CertificateAuthority(keys.getPrivate(), CertificateLayout.sign(tbs, keys.getPrivate()), name, keyId);
        } catch (GeneralSecurityException e) {
            throw unsupported(e);
        }
    }

    /**
     * The CA's own certificate, self-signed.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A new leaf with a new key, issued by this CA, for server and client authentication.
     *
     * @param commonName the subject's CN, which clients no longer match; the first host name
     * @param dnsNames the DNS names of its subject alternative names
     * @param addresses the IP addresses of its subject alternative names
     * @param from the start of its validity; its fraction of a second is dropped
     * @param until the end of its validity; its fraction of a second is dropped
     * @return the leaf and its private key
     */
    public Issued issue(String commonName, List<String> dnsNames, List<InetAddress> addresses, Instant from,
            Instant until) {
        try {
            KeyPair keys = newKeyPair();
            byte[] extensions = CertificateLayout.leafExtensions(dnsNames, addresses,
                    CertificateLayout.keyIdentifier(keys.getPublic()), keyId);
            byte[] tbs = CertificateLayout.tbsCertificate(serial(), name, from, until,
                    CertificateLayout.name(commonName), keys.getPublic(), extensions);
            return new Issued(keys.getPrivate(), CertificateLayout.sign(tbs, key));
        } catch (GeneralSecurityException e) {
            throw unsupported(e);
        }
    }

    /**
     * A leaf certificate and its private key.
     *
     * @param key the leaf's private key
     * @param certificate the leaf
     */
    public record Issued(PrivateKey key, X509Certificate certificate) {
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A random positive serial number of 127 bits at most, as RFC 5280 4.1.2.2 asks of a CA. */
    private static BigInteger serial() {
        byte[] bytes = randomBytes(16);
        bytes[0] &= 0x7F;
        bytes[15] |= 0x01;
        return new BigInteger(1, bytes);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static IllegalStateException unsupported(GeneralSecurityException e) {
        return new IllegalStateException("this JDK cannot make EC P-256 certificates signed with "
                + CertificateLayout.SIGNATURE_ALGORITHM + " (" + e + "); run on a JDK with the SunEC provider", e);
    }
}
