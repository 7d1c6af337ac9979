package dev.tcptest.internal.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lays out an X.509 v3 certificate (RFC 5280 section 4.1): the TBSCertificate with the
 * extensions of a CA or of a leaf, signed with ECDSA over SHA-256, and read back by the JDK.
 */
final class CertificateLayout {

    /** The algorithm of every signature made here; its identifier has no parameters (RFC 5758). */
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_AGREEMENT = 4;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    /** The GeneralName choices of a subject alternative name. */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateLayout() {
    }

    /**
     * A distinguished name of a common name alone.
     *
     * @param commonName the CN
     * @return the Name's encoding
     */
    static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    /**
     * A key identifier as RFC 5280 4.2.1.2 proposes first: the SHA-1 hash of the subject
     * public key's bits.
     *
     * @param key the public key
     * @return 20 octets
     */
    static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
        // SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }
        byte[] bits = Der.content(Der.parts(key.getEncoded()).get(1));
        byte[] withoutUnusedCount = Arrays.copyOfRange(bits, 1, bits.length);
        return MessageDigest.getInstance("SHA-1").digest(withoutUnusedCount);
    }

    /**
     * A CA's extensions: a critical CA flag with no CA below it, critical key usage for signing
     * certificates and CRLs, and its key identifier.
     *
     * @param keyId the CA's key identifier
     * @return the extensions, as the TBSCertificate's {@code [3]} holds them
     */
    static byte[] caExtensions(byte[] keyId) {
        return Der.explicit(3, Der.sequence(
                extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(BigInteger.ZERO))),
                extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN)),
                extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyId))));
    }

    /**
     * A leaf's extensions: critical "not a CA", critical key usage for TLS's signatures and key
     * agreement, server and client authentication, its names, and both key identifiers.
     *
     * @param dnsNames the DNS names
     * @param addresses the IP addresses
     * @param keyId the leaf's key identifier
     * @param issuerKeyId the CA's key identifier
     * @return the extensions, as the TBSCertificate's {@code [3]} holds them
     */
    static byte[] leafExtensions(List<String> dnsNames, List<InetAddress> addresses, byte[] keyId, byte[] issuerKeyId) {
        List<byte[]> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            names.add(Der.implicit(DNS_NAME, dnsName.getBytes(StandardCharsets.US_ASCII)));
        }
        for (InetAddress address : addresses) {
            names.add(Der.implicit(IP_ADDRESS, address.getAddress()));
        }
        return Der.explicit(3, Der.sequence(
                // cA defaults to FALSE, and DER leaves out a default: an empty SEQUENCE.
                extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE, KEY_AGREEMENT)),
                extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))),
                extension(SUBJECT_ALT_NAME, false, Der.sequence(names.toArray(new byte[0][]))),
                extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyId)),
                extension(AUTHORITY_KEY_IDENTIFIER, false, Der.sequence(Der.implicit(0, issuerKeyId)))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        // critical defaults to FALSE, which DER leaves out.
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /**
     * The TBSCertificate of a version 3 certificate signed with ECDSA over SHA-256.
     *
     * @param serial a positive serial number of at most 20 octets
     * @param issuer the issuer's Name
     * @param from the start of the validity
     * @param until the end of the validity
     * @param subject the subject's Name
     * @param key the subject's public key
     * @param extensions the extensions' {@code [3]}
     * @return the encoding, to be signed
     */
    static byte[] tbsCertificate(BigInteger serial, byte[] issuer, Instant from, Instant until, byte[] subject,
            PublicKey key, byte[] extensions) {
        return Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(serial),
                Der.sequence(Der.oid(ECDSA_WITH_SHA256)),
                issuer,
                Der.sequence(Der.time(from), Der.time(until)),
                subject,
                key.getEncoded(),
                extensions);
    }

    /**
     * The certificate: the TBSCertificate signed by the issuer's key, read back by the JDK.
     *
     * @param tbsCertificate the encoding to sign
     * @param issuerKey the issuer's EC private key
     * @return the certificate
     * @throws GeneralSecurityException if the JDK cannot sign or read it
     */
    static X509Certificate sign(byte[] tbsCertificate, PrivateKey issuerKey) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
        signer.initSign(issuerKey);
        signer.update(tbsCertificate);
        // The JDK's ECDSA signature is already the DER Ecdsa-Sig-Value a certificate holds.
        byte[] encoded = Der.sequence(tbsCertificate, Der.sequence(Der.oid(ECDSA_WITH_SHA256)),
                Der.bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }
}
