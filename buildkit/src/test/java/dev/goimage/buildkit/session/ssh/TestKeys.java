package dev.goimage.buildkit.session.ssh;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;

/** Writes Java-generated key pairs as unencrypted OpenSSH private key files (test fixture). */
final class TestKeys {
  private TestKeys() {}

  static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** The 32 raw public key bytes of an Ed25519 key (the tail of its X.509 encoding). */
  static byte[] rawEd25519Public(KeyPair kp) {
    byte[] x509 = kp.getPublic().getEncoded();
    return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
  }

  static byte[] publicBlob(KeyPair kp) {
    if (kp.getPrivate().getAlgorithm().equals("RSA")) {
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
      return new SshWire.Writer()
          .string("ssh-rsa")
          .mpint(k.getPublicExponent())
          .mpint(k.getModulus())
          .toByteArray();
    }
    return new SshWire.Writer().string("ssh-ed25519").string(rawEd25519Public(kp)).toByteArray();
  }

  static String openSshPem(KeyPair kp, String comment) {
    SshWire.Writer priv = new SshWire.Writer().uint32(0x1234abcd).uint32(0x1234abcd);
    if (kp.getPrivate().getAlgorithm().equals("RSA")) {
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
      priv.string("ssh-rsa")
          .mpint(k.getModulus())
          .mpint(k.getPublicExponent())
          .mpint(k.getPrivateExponent())
          .mpint(k.getCrtCoefficient())
          .mpint(k.getPrimeP())
          .mpint(k.getPrimeQ());
    } else {
      byte[] pkcs8 = kp.getPrivate().getEncoded();
      byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
      byte[] pub = rawEd25519Public(kp);
      byte[] secret = new byte[64];
      System.arraycopy(seed, 0, secret, 0, 32);
      System.arraycopy(pub, 0, secret, 32, 32);
      priv.string("ssh-ed25519").string(pub).string(secret);
    }
    priv.string(comment);
    byte[] section = priv.toByteArray();
    int pad = (8 - section.length % 8) % 8;
    SshWire.Writer padded = new SshWire.Writer().raw(section);
    for (int i = 1; i <= pad; i++) {
      padded.byteValue(i);
    }
    byte[] body =
        new SshWire.Writer()
            .raw("openssh-key-v1\0".getBytes())
            .string("none")
            .string("none")
            .string(new byte[0])
            .uint32(1)
            .string(publicBlob(kp))
            .string(padded.toByteArray())
            .toByteArray();
    String b64 = Base64.getMimeEncoder(70, "\n".getBytes()).encodeToString(body);
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64 + "\n-----END OPENSSH PRIVATE KEY-----\n";
  }
}
