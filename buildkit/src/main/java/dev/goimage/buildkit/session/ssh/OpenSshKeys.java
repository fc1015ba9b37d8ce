package dev.goimage.buildkit.session.ssh;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads unencrypted OpenSSH private key files ({@code -----BEGIN OPENSSH PRIVATE KEY-----}, format
 * "openssh-key-v1") holding an ed25519 or RSA key.
 */
public final class OpenSshKeys {
  private static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
  private static final String END = "-----END OPENSSH PRIVATE KEY-----";
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private OpenSshKeys() {}

  public static SshKey read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.US_ASCII));
  }

  public static SshKey parse(String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("not an OpenSSH private key (need " + BEGIN + ")");
    }
    String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
    byte[] data = Base64.getDecoder().decode(body);
    try {
      return decode(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid OpenSSH private key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  private static SshKey decode(byte[] data) throws GeneralSecurityException {
    SshWire.Reader r = new SshWire.Reader(data);
    if (!Arrays.equals(r.raw(MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException("bad magic: not openssh-key-v1");
    }
    String cipher = r.utf8();
    String kdf = r.utf8();
    r.string(); // kdf options
    if (!cipher.equals("none") || !kdf.equals("none")) {
      throw new IllegalArgumentException(
          "encrypted OpenSSH keys are not supported (cipher " + cipher + ")");
    }
    int keys = r.uint32();
    if (keys != 1) {
      throw new IllegalArgumentException("expected one key, found " + keys);
    }
    byte[] publicBlob = r.string();
    SshWire.Reader priv = new SshWire.Reader(r.string());
    if (priv.uint32() != priv.uint32()) {
      throw new IllegalArgumentException("check bytes differ (wrong passphrase or corrupt key)");
    }
    String type = priv.utf8();
    PrivateKey key;
    switch (type) {
      case "ssh-ed25519" -> {
        priv.string(); // public key, also in publicBlob
        byte[] secret = priv.string(); // seed (32) || public (32)
        byte[] seed = Arrays.copyOf(secret, 32);
        key =
            KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(seed, (byte) 0);
      }
      case "ssh-rsa" -> {
        BigInteger n = priv.mpint();
        BigInteger e = priv.mpint();
        BigInteger d = priv.mpint();
        BigInteger iqmp = priv.mpint();
        BigInteger p = priv.mpint();
        BigInteger q = priv.mpint();
        BigInteger dp = d.mod(p.subtract(BigInteger.ONE));
        BigInteger dq = d.mod(q.subtract(BigInteger.ONE));
        key =
            KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, iqmp));
      }
      default -> throw new IllegalArgumentException("unsupported key type " + type);
    }
    String comment = priv.utf8();
    return new SshKey(type, publicBlob, key, comment);
  }
}
