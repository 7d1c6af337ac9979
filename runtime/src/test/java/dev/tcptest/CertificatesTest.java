package dev.tcptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcptest.internal.tls.Der;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates made in-process, read back by the JDK: each shape's names, validity and key
 * usage, the chain up to the JVM's CA, the key stores and PEM, and bad input named with its fix.
 * {@link CertificatesHandshakeTest} puts them through real TLS handshakes.
 */
class CertificatesTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path folder;

    /** The leaf, read from its PEM as a non-Java client would. */
    static X509Certificate leaf(Certificates certificates) throws Exception {
        return parse(certificates.certificatePem());
    }

    /** The CA, read from its PEM. */
    static X509Certificate ca(Certificates certificates) throws Exception {
        return parse(certificates.caCertificatePem());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(Certificates certificates) throws Exception {
        KeyStore keys = certificates.keyStore();
        return (PrivateKey) keys.getKey(keys.aliases().nextElement(), new char[0]);
    }

    /** Each subject alternative name as its kind (2 DNS, 7 IP) and value. */
    private static List<String> alternativeNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            names.add(name.get(0) + " " + name.get(1));
        }
        return names;
    }

    @Test
    void theThrowawayLeafIsMadeOnceForLocalhostAndBothLoopbackAddresses() throws Exception {
        Certificates throwaway = Certificates.throwaway();
        assertSame(throwaway, Certificates.throwaway());
        X509Certificate leaf = leaf(throwaway);
        assertEquals(List.of("2 localhost", "7 127.0.0.1", "7 0:0:0:0:0:0:0:1"), alternativeNames(leaf));
        assertEquals("CN=localhost", leaf.getSubjectX500Principal().getName());
        assertEquals(3, leaf.getVersion());
        assertEquals("SHA256withECDSA", leaf.getSigAlgName());
        assertEquals(256, ((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(throwaway.toString().startsWith("Certificates[localhost, 127.0.0.1, 0:0:0:0:0:0:0:1; valid "),
                throwaway.toString());
    }

    @Test
    void aLeafServesAsServerAndAsClientButIsNoCa() throws Exception {
        X509Certificate leaf = leaf(Certificates.forHosts("db.test"));
        assertEquals(-1, leaf.getBasicConstraints());
        boolean[] usage = leaf.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        assertTrue(usage[4], "keyAgreement");
        assertFalse(usage[5], "keyCertSign");
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), leaf.getExtendedKeyUsage());
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), leaf.getCriticalExtensionOIDs());
        assertEquals(Set.of("2.5.29.14", "2.5.29.17", "2.5.29.35", "2.5.29.37"), leaf.getNonCriticalExtensionOIDs());
    }

    @Test
    void theJvmsCaSignsCertificatesOnlyAndIsValidForDays() throws Exception {
        X509Certificate ca = ca(Certificates.throwaway());
        ca.verify(ca.getPublicKey());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        assertTrue(ca.getSubjectX500Principal().getName().startsWith("CN=tcptest throwaway CA "));
        assertEquals(0, ca.getBasicConstraints(), "a CA with no CA below it");
        boolean[] usage = ca.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        assertFalse(usage[0], "digitalSignature");
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), ca.getCriticalExtensionOIDs());
        Instant now = Instant.now();
        assertTrue(ca.getNotBefore().toInstant().isBefore(now.minus(Duration.ofHours(12))), ca.getNotBefore().toString());
        assertTrue(ca.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(29))), ca.getNotAfter().toString());
    }

    @Test
    void everyLeafIsIssuedByTheOneCaAndItsKeyIdentifierNamesTheCasKey() throws Exception {
        Certificates first = Certificates.forHosts("a.test");
        Certificates second = Certificates.builder().hostNames("b.test").build();
        X509Certificate ca = ca(Certificates.throwaway());
        for (Certificates certificates : List.of(first, second)) {
            assertEquals(ca, ca(certificates));
            X509Certificate leaf = leaf(certificates);
            leaf.verify(ca.getPublicKey());
            assertEquals(ca.getSubjectX500Principal(), leaf.getIssuerX500Principal());
            // AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier }, inside the extension's OCTET STRING.
            byte[] authority = Der.content(Der.parts(Der.content(leaf.getExtensionValue("2.5.29.35"))).get(0));
            byte[] caKeyId = Der.content(Der.content(ca.getExtensionValue("2.5.29.14")));
            assertArrayEquals(caKeyId, authority);
            assertEquals(20, caKeyId.length);
        }
        assertNotEquals(leaf(first).getSerialNumber(), leaf(second).getSerialNumber());
        assertNotEquals(leaf(first).getPublicKey(), leaf(second).getPublicKey());
    }

    @Test
    void serialNumbersAreRandomPositiveAndAtMostTwentyOctets() throws Exception {
        for (int i = 0; i < 20; i++) {
            BigInteger serial = leaf(Certificates.forHosts("serial.test")).getSerialNumber();
            assertEquals(1, serial.signum(), serial.toString(16));
            assertTrue(serial.toByteArray().length <= 20, serial.toString(16));
        }
    }

    @Test
    void hostNamesBecomeDnsNamesAndIpLiteralsIpAddresses() throws Exception {
        X509Certificate leaf = leaf(Certificates.forHosts("db.test", "*.svc.test", "10.1.2.3", "[fe80::1]", "2001:db8::7",
                "b\u00fccher.test", "db.test", "my_service"));
        assertEquals(List.of("2 db.test", "2 *.svc.test", "2 xn--bcher-kva.test", "2 my_service", "7 10.1.2.3",
                "7 fe80:0:0:0:0:0:0:1", "7 2001:db8:0:0:0:0:0:7"), alternativeNames(leaf));
        assertEquals("CN=db.test", leaf.getSubjectX500Principal().getName());
        assertEquals(List.of("7 127.0.0.1"), alternativeNames(leaf(Certificates.forHosts("127.0.0.1"))));
    }

    @Test
    void theBuilderSetsTheValidityToTheSecond() throws Exception {
        Instant from = Instant.parse("2020-02-03T04:05:06.789Z");
        Instant until = Instant.parse("2060-07-08T09:10:11Z");
        X509Certificate leaf = leaf(Certificates.builder().validFrom(from).validUntil(until).build());
        assertEquals(from.truncatedTo(ChronoUnit.SECONDS), leaf.getNotBefore().toInstant());
        assertEquals(until, leaf.getNotAfter().toInstant());
    }

    @Test
    void anUnsetEndOfValidityFollowsTheStartAndAnUnsetStartPrecedesTheEnd() throws Exception {
        Instant now = Instant.now();
        X509Certificate fresh = leaf(Certificates.builder().build());
        assertTrue(fresh.getNotBefore().toInstant().isBefore(now.minus(Duration.ofMinutes(59))));
        assertTrue(fresh.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(6))));
        Instant future = now.plus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        X509Certificate notYetValid = leaf(Certificates.builder().validFrom(future).build());
        assertEquals(future.plus(Duration.ofDays(7)), notYetValid.getNotAfter().toInstant());
        Instant past = now.minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        X509Certificate expired = leaf(Certificates.builder().validUntil(past).build());
        assertEquals(past.minus(Duration.ofHours(1)), expired.getNotBefore().toInstant());
    }

    @Test
    void aPkixValidatorAcceptsTheChainUpToTheCaAndRejectsAnExpiredOrNotYetValidLeaf() throws Exception {
        Instant now = Instant.now();
        validate(Certificates.forHosts("ok.test"));
        CertPathValidatorException expired = assertThrows(CertPathValidatorException.class, () -> validate(
                Certificates.builder().validFrom(now.minus(Duration.ofDays(2))).validUntil(now.minus(Duration.ofDays(1)))
                        .build()));
        assertEquals(CertPathValidatorException.BasicReason.EXPIRED, expired.getReason());
        CertPathValidatorException early = assertThrows(CertPathValidatorException.class, () -> validate(
                Certificates.builder().validFrom(now.plus(Duration.ofDays(1))).build()));
        assertEquals(CertPathValidatorException.BasicReason.NOT_YET_VALID, early.getReason());
    }

    private static void validate(Certificates certificates) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca(certificates), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf(certificates))), parameters);
    }

    @Test
    void pemHoldsOneCertificateInLinesOf64() {
        for (String pem : List.of(Certificates.throwaway().certificatePem(), Certificates.throwaway().caCertificatePem())) {
            assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem);
            assertTrue(pem.endsWith("\n-----END CERTIFICATE-----\n"), pem);
            assertTrue(pem.lines().allMatch(line -> line.length() <= 64), pem);
        }
    }

    @Test
    void theTrustStoreHoldsTheCaAndTheKeyStoreTheKeyWithItsChain() throws Exception {
        Certificates certificates = Certificates.forHosts("stores.test");
        KeyStore trust = certificates.trustStore();
        List<String> trusted = Collections.list(trust.aliases());
        assertEquals(1, trusted.size());
        assertTrue(trust.isCertificateEntry(trusted.get(0)));
        assertEquals(ca(certificates), trust.getCertificate(trusted.get(0)));

        KeyStore keys = certificates.keyStore();
        List<String> aliases = Collections.list(keys.aliases());
        assertEquals(1, aliases.size());
        assertTrue(keys.isKeyEntry(aliases.get(0)));
        assertArrayEquals(new Object[] {leaf(certificates), ca(certificates)}, keys.getCertificateChain(aliases.get(0)));
        assertEquals("EC", keys.getKey(aliases.get(0), new char[0]).getAlgorithm());
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).init(keys, new char[0]);
    }

    @Test
    void aWrittenKeyStoreLoadsBackAsTheSameLeafAndCa() throws Exception {
        Certificates written = Certificates.forHosts("round.trip.test");
        Path file = folder.resolve("server.p12");
        written.writeKeyStore(file, "s3cret");
        Certificates loaded = Certificates.load(file, "s3cret");
        assertEquals(written.certificatePem(), loaded.certificatePem());
        assertEquals(written.caCertificatePem(), loaded.caCertificatePem());
        assertEquals(written.toString(), loaded.toString());
        KeyStore keytoolsView = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keytoolsView.load(in, "s3cret".toCharArray());
        }
        assertEquals("EC", keytoolsView.getKey(keytoolsView.aliases().nextElement(), "s3cret".toCharArray()).getAlgorithm());
    }

    @Test
    void aChainOfOneIsItsOwnCa() throws Exception {
        Certificates issued = Certificates.forHosts("alone.test");
        KeyStore alone = KeyStore.getInstance("PKCS12");
        alone.load(null, null);
        alone.setKeyEntry("alone", privateKey(issued), "pw".toCharArray(),
                new X509Certificate[] {leaf(issued)});
        Path file = folder.resolve("alone.p12");
        try (var out = Files.newOutputStream(file)) {
            alone.store(out, "pw".toCharArray());
        }
        Certificates loaded = Certificates.load(file, "pw");
        assertEquals(issued.certificatePem(), loaded.caCertificatePem());
        assertEquals(leaf(issued), loaded.trustStore().getCertificate(loaded.trustStore().aliases().nextElement()));
    }

    @Test
    void aWrittenTrustStoreHoldsTheCaAsATrustedEntry() throws Exception {
        Path file = folder.resolve("trust.p12");
        Certificates.throwaway().writeTrustStore(file, "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        String alias = store.aliases().nextElement();
        assertTrue(store.isCertificateEntry(alias));
        assertEquals(ca(Certificates.throwaway()), store.getCertificate(alias));
        Certificates.throwaway().writeTrustStore(folder.resolve("open.p12"), "");
    }

    @Test
    void aWrongPasswordIsNamedWithTheFile() throws Exception {
        Path file = folder.resolve("server.p12");
        Certificates.throwaway().writeKeyStore(file, "right");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Certificates.load(file, "wrong"));
        assertEquals("keyStorePassword", e.setting());
        assertTrue(e.getMessage().startsWith("keyStorePassword does not open '" + file + "': "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; give the password the file was made with"), e.getMessage());
        assertFalse(e.getMessage().contains("right"), e.getMessage());
    }

    @Test
    void aFileThatIsMissingNotPkcs12OrWithoutAKeyIsNamedWithTheFix() throws Exception {
        Path missing = folder.resolve("missing.p12");
        assertMessage(() -> Certificates.load(missing, "pw"), "keyStore '" + missing + "' does not exist (" + missing
                + "); check the path, or make one with keytool -genkeypair");
        assertMessage(() -> Certificates.load(folder, "pw"), "keyStore '" + folder + "' is a directory");
        Path pem = Files.writeString(folder.resolve("cert.pem"), Certificates.throwaway().certificatePem());
        assertMessage(() -> Certificates.load(pem, "pw"), "keyStore '" + pem + "' cannot be read as a PKCS12 key store: ");
        Path trust = folder.resolve("trust.p12");
        Certificates.throwaway().writeTrustStore(trust, "pw");
        assertMessage(() -> Certificates.load(trust, "pw"), "keyStore '" + trust + "' holds no private key, only the"
                + " certificates [tcptest-ca] (a trust store, not a key store); give the file with your key");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Certificates.load(null, "pw"));
        assertEquals("keyStore must not be null; give the path of a PKCS12 file (.p12) with your key and its certificate"
                + " chain", e.getMessage());
    }

    @Test
    void aFileWithTwoKeysAsksToKeepOne() throws Exception {
        KeyStore two = KeyStore.getInstance("PKCS12");
        two.load(null, null);
        for (String alias : List.of("first", "second")) {
            Certificates certificates = Certificates.forHosts(alias + ".test");
            two.setKeyEntry(alias, privateKey(certificates), "pw".toCharArray(),
                    new X509Certificate[] {leaf(certificates)});
        }
        Path file = folder.resolve("two.p12");
        try (var out = Files.newOutputStream(file)) {
            two.store(out, "pw".toCharArray());
        }
        assertMessage(() -> Certificates.load(file, "pw"), "keyStore '" + file + "' holds 2 private keys");
        assertMessage(() -> Certificates.load(file, "pw"), "keep one in the file, e.g. keytool -delete -alias ");
    }

    @Test
    void malformedHostNamesAreNamedWithTheFix() {
        assertMessage(() -> Certificates.forHosts(), "hostNames must name at least one host; give names or IP addresses,"
                + " such as hostNames(\"localhost\", \"127.0.0.1\")");
        assertMessage(() -> Certificates.forHosts((String[]) null), "hostNames must name at least one host");
        assertMessage(() -> Certificates.forHosts("ok.test", null), "hostNames must not hold a null or blank name, was null");
        assertMessage(() -> Certificates.builder().hostNames(" "), "hostNames must not hold a null or blank name, was ' '");
        String fix = "; give a name of letters, digits, '-' and '.', such as \"db.test\", or an IP literal, such as"
                + " \"127.0.0.1\" or \"::1\"";
        assertMessage(() -> Certificates.forHosts("db test"), "hostNames holds 'db test', which is neither a host name nor"
                + " an IP address: it holds ' ', which no host name holds" + fix);
        assertMessage(() -> Certificates.forHosts("a..test"), "it has an empty label");
        assertMessage(() -> Certificates.forHosts("localhost."), "it has an empty label");
        assertMessage(() -> Certificates.forHosts("-db.test"), "its label '-db' starts or ends with '-'");
        assertMessage(() -> Certificates.forHosts("a" + "b".repeat(63) + ".test"), "is longer than 63 characters");
        assertMessage(() -> Certificates.forHosts("db*.test"), "which stands only alone as the first label");
        assertMessage(() -> Certificates.forHosts("*"), "which stands only alone as the first label");
        assertMessage(() -> Certificates.forHosts("256.1.1.1"), "it is not an IPv4 address of four numbers from 0 to 255");
        assertMessage(() -> Certificates.forHosts("1.2.3"), "it is not an IPv4 address");
        assertMessage(() -> Certificates.forHosts("fe80::1%eth0"), "a certificate holds no scope (%...) of an IPv6 address");
        assertMessage(() -> Certificates.forHosts("1:2:3:4:5:6:7:8:9"), "it is not an IPv6 address");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Certificates.forHosts("db test"));
        assertEquals("hostNames", e.setting());
        assertEquals("db test", e.value());
    }

    @Test
    void aValidityThatEndsBeforeItStartsOrLiesOutsideTheYearsIsRejected() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        assertMessage(() -> Certificates.builder().validFrom(now).validUntil(now.minusSeconds(1)).build(),
                "validUntil must be after validFrom (2030-01-01T00:00:00Z), was 2029-12-31T23:59:59Z; give a later"
                        + " validUntil or an earlier validFrom (both to the second)");
        assertMessage(() -> Certificates.builder().validFrom(now).validUntil(now.plusMillis(999)).build(),
                "validUntil must be after validFrom");
        assertMessage(() -> Certificates.builder().validFrom(null), "validFrom must be a time in the years 1950 to 9998,"
                + " was null; give a time such as Instant.now().minus(Duration.ofDays(1)), or leave it unset");
        assertMessage(() -> Certificates.builder().validUntil(Instant.parse("9999-01-01T00:00:00Z")), "validUntil must be a"
                + " time in the years 1950 to 9998");
        assertMessage(() -> Certificates.builder().validFrom(Instant.parse("1949-12-31T23:59:59Z")), "validFrom must be");
    }

    @Test
    void aMissingIdentityIsNamedWithTheMethodForNone() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Certificates.throwaway().clientContext(null));
        assertEquals("clientContext(identity): identity must not be null; use clientContext() for a client without a"
                + " certificate", e.getMessage());
    }

    private static void assertMessage(Executable call, String expected) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
