package gateway.core.internal.http;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM files as web servers and certificate authorities write them: a certificate chain
 * ({@code CERTIFICATE} blocks, the server's own first), and a private key as PKCS#8 ({@code PRIVATE KEY}),
 * password-protected PKCS#8 ({@code ENCRYPTED PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
 * ({@code EC PRIVATE KEY}). Everything happens in memory; messages never contain key material.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    /** Key algorithms a PKCS#8 key may use, tried in turn (the PKCS#8 structure names it, the JDK needs it named). */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemFiles() {
    }

    private record Block(String label, String headers, byte[] der) {}

    private static List<Block> blocks(String pem) throws TlsSetupException {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem.replace("\r", ""));
        while (m.find()) {
            String body = m.group(2);
            String headers = "";
            int blank = body.indexOf("\n\n");
            if (body.contains(":") && blank > 0) { // RFC 1421 headers (legacy OpenSSL encryption) before the data
                headers = body.substring(0, blank);
                body = body.substring(blank + 2);
            }
            try {
                blocks.add(new Block(m.group(1), headers, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("a " + m.group(1) + " block is not valid Base64");
            }
        }
        return blocks;
    }

    /**
     * @param pem the text of a PEM file
     * @return its certificates, in file order
     * @throws TlsSetupException if there are none or one is malformed
     */
    static List<X509Certificate> certificates(String pem) throws TlsSetupException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(pem)) {
                if (b.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsSetupException("a certificate cannot be read: " + e.getMessage());
        }
        if (chain.isEmpty()) throw new TlsSetupException("no -----BEGIN CERTIFICATE----- block");
        return chain;
    }

    /**
     * @param pem      the text of a PEM file holding one private key
     * @param password the password of an {@code ENCRYPTED PRIVATE KEY}, empty otherwise
     * @return the key
     * @throws TlsSetupException if there is no key, its form is not supported, or the password is wrong
     */
    static PrivateKey privateKey(String pem, char[] password) throws TlsSetupException {
        for (Block b : blocks(pem)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der());
                case "ENCRYPTED PRIVATE KEY":
                    return pkcs8(decrypt(b.der(), password));
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    if (b.headers().contains("ENCRYPTED")) {
                        throw new TlsSetupException("the key uses OpenSSL's legacy PEM encryption, which is not supported; convert it with "
                                + "'openssl pkcs8 -topk8 -in old.pem -out key.pem' (encrypted PKCS#8, set privateKeyPassword)");
                    }
                    return pkcs8(b.label().startsWith("RSA") ? fromPkcs1(b.der()) : fromSec1(b.der()));
                default:
                    // other blocks (parameters, certificates) may share the file
            }
        }
        throw new TlsSetupException("no private key block (PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static byte[] decrypt(byte[] der, char[] password) throws TlsSetupException {
        if (password.length == 0) throw new TlsSetupException("the private key is encrypted; set privateKeyPassword");
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 (OpenSSL's default) the JDK names the cipher by its parameters, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.InvalidKeyException | java.security.spec.InvalidKeySpecException e) {
            throw new TlsSetupException("the private key cannot be decrypted: wrong privateKeyPassword");
        } catch (GeneralSecurityException | java.io.IOException e) {
            // e.g. PBES2 with des-ede3-cbc, what `openssl req -newkey ... -passout` writes: Java has no cipher for it
            throw new TlsSetupException("the encrypted private key uses an encryption Java cannot read (" + e.getClass().getSimpleName()
                    + "); re-encrypt it with AES: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-aes.pem");
        }
    }

    private static byte[] fromPkcs1(byte[] rsaPrivateKey) {
        return Der.privateKeyInfo(Der.sequence(Der.tlv(Der.OID, Der.RSA_ENCRYPTION), Der.tlv(Der.NULL, new byte[0])), rsaPrivateKey);
    }

    private static byte[] fromSec1(byte[] ecPrivateKey) throws TlsSetupException {
        try {
            return Der.privateKeyInfo(Der.sequence(Der.tlv(Der.OID, Der.EC_PUBLIC_KEY), Der.sec1Curve(ecPrivateKey)), ecPrivateKey);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new TlsSetupException("the EC private key cannot be read: " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws TlsSetupException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // try the next algorithm
            }
        }
        throw new TlsSetupException("the private key is not an RSA, EC, Ed25519 or Ed448 key the JDK can read");
    }
}
