package dev.goimage.buildkit.session.ssh;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** A private key the agent can sign with, plus its SSH public key blob. */
public final class SshKey {
  /** Sign request flags from the agent protocol (draft-miller-ssh-agent §4.5.1). */
  public static final int SSH_AGENT_RSA_SHA2_256 = 2;

  public static final int SSH_AGENT_RSA_SHA2_512 = 4;

  private final String type;
  private final byte[] publicBlob;
  private final PrivateKey privateKey;
  private final String comment;

  SshKey(String type, byte[] publicBlob, PrivateKey privateKey, String comment) {
    this.type = type;
    this.publicBlob = publicBlob;
    this.privateKey = privateKey;
    this.comment = comment;
  }

  /** {@code ssh-ed25519} or {@code ssh-rsa}. */
  public String type() {
    return type;
  }

  public byte[] publicBlob() {
    return publicBlob.clone();
  }

  public String comment() {
    return comment;
  }

  /** {@code SHA256:...} as printed by ssh-keygen -l and ssh-add -l. */
  public String fingerprint() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(publicBlob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key line ({@code ssh-ed25519 AAAA... comment}). */
  public String authorizedKeyLine() {
    return type + " " + Base64.getEncoder().encodeToString(publicBlob) + " " + comment;
  }

  /** Signs {@code data} and returns the SSH signature blob (algorithm name + signature). */
  public byte[] sign(byte[] data, int flags) throws GeneralSecurityException {
    String algorithm;
    String javaAlgorithm;
    switch (type) {
      case "ssh-ed25519" -> {
        algorithm = "ssh-ed25519";
        javaAlgorithm = "Ed25519";
      }
      case "ssh-rsa" -> {
        if ((flags & SSH_AGENT_RSA_SHA2_512) != 0) {
          algorithm = "rsa-sha2-512";
          javaAlgorithm = "SHA512withRSA";
        } else if ((flags & SSH_AGENT_RSA_SHA2_256) != 0) {
          algorithm = "rsa-sha2-256";
          javaAlgorithm = "SHA256withRSA";
        } else {
          algorithm = "ssh-rsa";
          javaAlgorithm = "SHA1withRSA";
        }
      }
      default -> throw new GeneralSecurityException("unsupported key type " + type);
    }
    Signature s = Signature.getInstance(javaAlgorithm);
    s.initSign(privateKey);
    s.update(data);
    return new SshWire.Writer().string(algorithm).string(s.sign()).toByteArray();
  }

  @Override
  public String toString() {
    return type + " " + fingerprint() + " " + comment;
  }
}
