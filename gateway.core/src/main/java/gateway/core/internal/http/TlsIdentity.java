package gateway.core.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The HTTP server's TLS identity, held in memory only: one private key with its certificate chain, from a
 * PKCS#12 key store or from PEM files, and the server-side {@link SSLContext} built from it. For the HTTP server
 * (which reads a key store by URL) it is re-encoded as PKCS#12 under a random password that exists only in this
 * process, so a PEM key is never written anywhere, in clear or otherwise.
 */
final class TlsIdentity {
    private final KeyStore keyStore;
    private final char[] password;
    private final SSLContext sslContext;
    private final X509Certificate certificate;
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final String source;

    private TlsIdentity(PrivateKey key, List<X509Certificate> chain, String source) throws TlsSetupException {
        this.certificate = chain.get(0);
        this.chain = List.copyOf(chain);
        this.key = key;
        this.source = source;
        checkKeyMatches(key, certificate);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.password = HexFormat.of().formatHex(random).toCharArray();
        try {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("gateway", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            sslContext = SSLContext.getInstance("TLS");
            sslContext.init(kmf.getKeyManagers(), null, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot build a TLS context from " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the first private key entry of a PKCS#12 key store.
     *
     * @param file     the key store
     * @param password its password (also the key's, as PKCS#12 tools write them)
     */
    static TlsIdentity fromPkcs12(Path file, char[] password) throws TlsSetupException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException("keystore " + file + " does not exist");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new TlsSetupException("keystore " + file + " cannot be opened: wrong keystorePassword");
            }
            throw new TlsSetupException("keystore " + file + " cannot be read as PKCS#12: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("keystore " + file + " cannot be read as PKCS#12: " + e.getMessage());
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) continue;
                Key key = store.getKey(alias, password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    return new TlsIdentity(pk, List.of(chain).stream().map(c -> (X509Certificate) c).toList(), "keystore " + file);
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new TlsSetupException("the key in keystore " + file + " cannot be opened with keystorePassword");
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("keystore " + file + ": " + e.getMessage());
        }
        throw new TlsSetupException("keystore " + file + " holds no private key with a certificate");
    }

    /**
     * Reads a certificate chain and its private key from PEM files.
     *
     * @param certificateFile the certificate, optionally followed by the intermediate certificates
     * @param keyFile         the private key (may be the same file)
     * @param keyPassword     the password of an encrypted key, empty otherwise
     */
    static TlsIdentity fromPem(Path certificateFile, Path keyFile, char[] keyPassword) throws TlsSetupException {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = PemFiles.certificates(Files.readString(certificateFile, StandardCharsets.US_ASCII));
        } catch (TlsSetupException e) {
            throw new TlsSetupException("certificate " + certificateFile + ": " + e.getMessage());
        } catch (IOException e) {
            throw new TlsSetupException("certificate " + certificateFile + " cannot be read: " + describe(e));
        }
        try {
            key = PemFiles.privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyPassword);
        } catch (TlsSetupException e) {
            throw new TlsSetupException("private key " + keyFile + ": " + e.getMessage());
        } catch (IOException e) {
            throw new TlsSetupException("private key " + keyFile + " cannot be read: " + describe(e));
        }
        return new TlsIdentity(key, chain, "certificate " + certificateFile);
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /** A key that does not belong to the certificate would only fail later, in every client's handshake. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate certificate) throws TlsSetupException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null; // RSASSA-PSS needs parameters; the handshake will tell
        };
        if (algorithm == null) return;
        try {
            byte[] probe = "gateway-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) return;
        } catch (GeneralSecurityException e) {
            // different key types: not a match either
        }
        throw new TlsSetupException("the private key does not belong to the certificate " + certificate.getSubjectX500Principal().getName());
    }

    /**
     * @return whether both are absent, or hold the same key and certificate chain (re-reading unchanged files
     *         must not restart the HTTP server)
     */
    static boolean same(TlsIdentity a, TlsIdentity b) {
        if (a == null || b == null) return a == b;
        return a.chain.equals(b.chain) && java.util.Arrays.equals(a.key.getEncoded(), b.key.getEncoded());
    }

    /** @return the server-side TLS context */
    SSLContext sslContext() {
        return sslContext;
    }

    /** @return the identity as a PKCS#12 key store protected by {@link #password()} */
    byte[] pkcs12() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keyStore.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot encode the in-memory key store", e);
        }
    }

    /** @return the random password of {@link #pkcs12()}, valid for this process only */
    String password() {
        return new String(password);
    }

    /** @return the server certificate */
    X509Certificate certificate() {
        return certificate;
    }

    /** @return for the log: where it came from, whom it names, until when it is valid */
    String describe() {
        return source + " (" + certificate.getSubjectX500Principal().getName() + ", valid until " + certificate.getNotAfter().toInstant() + ")";
    }
}
