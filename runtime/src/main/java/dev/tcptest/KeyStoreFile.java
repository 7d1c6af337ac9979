package dev.tcptest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a user's own key and chain from a PKCS12 file for {@link Certificates#load}. Every
 * problem is a bad {@code keyStore} (or {@code keyStorePassword}) setting that names the file
 * and the fix, as the plugin and the command line name those settings too.
 */
final class KeyStoreFile {

    private static final String MAKE_ONE = "make one with keytool -genkeypair -keyalg EC -storetype PKCS12, or from PEM"
            + " files with openssl pkcs12 -export -inkey key.pem -in chain.pem";

    private KeyStoreFile() {
    }

    /**
     * The one key of a PKCS12 file with its chain.
     *
     * @param file the file
     * @param password the file's password, also the key's
     * @return the certificates, whose CA is the chain's last certificate
     * @throws InvalidSettingException if the file is missing or unreadable, is not PKCS12, holds
     *     no key or several, or the password is wrong
     */
    static Certificates read(Path file, char[] password) {
        if (file == null) {
            throw new InvalidSettingException("keyStore", null, "must not be null", "give the path of a PKCS12 file"
                    + " (.p12) with your key and its certificate chain");
        }
        KeyStore store = open(file, password);
        String alias = keyAlias(file, store);
        return new Certificates(key(file, store, alias, password), chain(file, store, alias));
    }

    private static KeyStore open(Path file, char[] password) {
        if (!Files.exists(file)) {
            throw bad(file, "does not exist (" + file.toAbsolutePath() + ")", "check the path, or " + MAKE_ONE, null);
        }
        if (Files.isDirectory(file)) {
            throw bad(file, "is a directory", "give the path of a PKCS12 file (.p12) in it", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new InvalidSettingException("keyStorePassword", null, Phrase.of("does not open '" + file
                        + "': " + e.getMessage()), Phrase.of("give the password the file was made with"), e);
            }
            throw bad(file, "cannot be read as a PKCS12 key store: " + e.getMessage(), "give a PKCS12 file (.p12 or"
                    + " .pfx), or " + MAKE_ONE, e);
        } catch (GeneralSecurityException e) {
            throw bad(file, "cannot be read as a PKCS12 key store: " + e, MAKE_ONE, e);
        }
    }

    /** The alias of the one private key; certificate-only entries are left alone. */
    private static String keyAlias(Path file, KeyStore store) {
        List<String> keys = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class) ? keys : others).add(alias);
            }
        } catch (GeneralSecurityException e) {
            throw bad(file, "cannot be read as a PKCS12 key store: " + e, MAKE_ONE, e);
        }
        if (keys.isEmpty()) {
            throw bad(file, "holds no private key" + (others.isEmpty() ? "" : ", only the certificates " + others)
                    + " (a trust store, not a key store)", "give the file with your key and its chain, or " + MAKE_ONE,
                    null);
        }
        if (keys.size() > 1) {
            throw bad(file, "holds " + keys.size() + " private keys, " + keys + ", and which to present is unclear",
                    "keep one in the file, e.g. keytool -delete -alias " + keys.get(1) + " -keystore " + file, null);
        }
        return keys.get(0);
    }

    private static PrivateKey key(Path file, KeyStore store, String alias, char[] password) {
        try {
            return (PrivateKey) store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw new InvalidSettingException("keyStorePassword", null, Phrase.of("opens '" + file + "' but not its key '"
                    + alias + "', which has a password of its own"), Phrase.of("give the key the file's password, e.g."
                    + " with keytool -keypasswd -alias " + alias + " -keystore " + file), e);
        } catch (GeneralSecurityException e) {
            throw bad(file, "holds a key '" + alias + "' that cannot be read: " + e, MAKE_ONE, e);
        }
    }

    private static X509Certificate[] chain(Path file, KeyStore store, String alias) {
        Certificate[] chain;
        try {
            chain = store.getCertificateChain(alias);
        } catch (GeneralSecurityException e) {
            throw bad(file, "holds a chain of '" + alias + "' that cannot be read: " + e, MAKE_ONE, e);
        }
        if (chain == null || chain.length == 0) {
            throw bad(file, "holds the key '" + alias + "' without its certificate", MAKE_ONE, null);
        }
        X509Certificate[] certificates = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            if (!(chain[i] instanceof X509Certificate certificate)) {
                throw bad(file, "holds a " + chain[i].getType() + " certificate, not X.509, in the chain of '" + alias
                        + "'", MAKE_ONE, null);
            }
            certificates[i] = certificate;
        }
        return certificates;
    }

    private static InvalidSettingException bad(Path file, String problem, String fix, Throwable cause) {
        return new InvalidSettingException("keyStore", file.toString(), Phrase.of("'" + file + "' " + problem),
                Phrase.of(fix), cause);
    }
}
