package dev.goimage.buildkit.session.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshAgentProtocolTest {
  private static final byte[] DATA =
      "session-id and userauth request".getBytes(StandardCharsets.UTF_8);

  @Test
  void listsIdentitiesWithBlobAndComment() throws Exception {
    KeyPair ed = TestKeys.ed25519();
    KeyPair rsa = TestKeys.rsa();
    SshKey edKey = OpenSshKeys.parse(TestKeys.openSshPem(ed, "ed@test"));
    SshKey rsaKey = OpenSshKeys.parse(TestKeys.openSshPem(rsa, "rsa@test"));
    SshAgentProtocol agent = new SshAgentProtocol(List.of(edKey, rsaKey));

    List<byte[]> answers = agent.receive(SshAgentProtocol.frame(new byte[] {11}));

    assertThat(answers).hasSize(1);
    SshWire.Reader r = new SshWire.Reader(answers.get(0));
    assertThat(r.uint32()).isEqualTo(answers.get(0).length - 4);
    assertThat(r.byteValue()).isEqualTo(SshAgentProtocol.SSH_AGENT_IDENTITIES_ANSWER);
    assertThat(r.uint32()).isEqualTo(2);
    assertThat(r.string()).isEqualTo(TestKeys.publicBlob(ed));
    assertThat(r.utf8()).isEqualTo("ed@test");
    assertThat(r.string()).isEqualTo(TestKeys.publicBlob(rsa));
    assertThat(r.utf8()).isEqualTo("rsa@test");
    assertThat(r.remaining()).isZero();
  }

  @Test
  void signsWithEd25519AndTheSignatureVerifies() throws Exception {
    KeyPair ed = TestKeys.ed25519();
    SshAgentProtocol agent =
        new SshAgentProtocol(List.of(OpenSshKeys.parse(TestKeys.openSshPem(ed, "c"))));

    SshWire.Reader sig = signResponse(agent, TestKeys.publicBlob(ed), 0);

    assertThat(sig.utf8()).isEqualTo("ssh-ed25519");
    byte[] raw = sig.string();
    assertThat(raw).hasSize(64);
    assertThat(verify("Ed25519", ed.getPublic(), raw)).isTrue();
  }

  @Test
  void signsWithRsaSha2FlagsAndTheSignaturesVerify() throws Exception {
    KeyPair rsa = TestKeys.rsa();
    SshAgentProtocol agent =
        new SshAgentProtocol(List.of(OpenSshKeys.parse(TestKeys.openSshPem(rsa, "c"))));
    byte[] blob = TestKeys.publicBlob(rsa);

    SshWire.Reader s256 = signResponse(agent, blob, SshKey.SSH_AGENT_RSA_SHA2_256);
    assertThat(s256.utf8()).isEqualTo("rsa-sha2-256");
    assertThat(verify("SHA256withRSA", rsa.getPublic(), s256.string())).isTrue();

    SshWire.Reader s512 = signResponse(agent, blob, SshKey.SSH_AGENT_RSA_SHA2_512);
    assertThat(s512.utf8()).isEqualTo("rsa-sha2-512");
    assertThat(verify("SHA512withRSA", rsa.getPublic(), s512.string())).isTrue();

    SshWire.Reader legacy = signResponse(agent, blob, 0);
    assertThat(legacy.utf8()).isEqualTo("ssh-rsa");
    assertThat(verify("SHA1withRSA", rsa.getPublic(), legacy.string())).isTrue();
  }

  @Test
  void refusesUnknownKeysAndEveryOtherRequest() throws Exception {
    KeyPair ed = TestKeys.ed25519();
    SshAgentProtocol agent =
        new SshAgentProtocol(List.of(OpenSshKeys.parse(TestKeys.openSshPem(ed, "c"))));
    byte[] otherBlob = TestKeys.publicBlob(TestKeys.ed25519());
    byte[] signOther =
        new SshWire.Writer().byteValue(13).string(otherBlob).string(DATA).uint32(0).toByteArray();
    byte[] addIdentity = new SshWire.Writer().byteValue(17).string("ssh-ed25519").toByteArray();
    byte[] removeAll = {19};
    byte[] lock = new SshWire.Writer().byteValue(22).string("pw").toByteArray();
    byte[] sessionBind =
        new SshWire.Writer().byteValue(27).string("session-bind@openssh.com").toByteArray();

    for (byte[] request : List.of(signOther, addIdentity, removeAll, lock, sessionBind)) {
      assertThat(agent.handle(request)).containsExactly(SshAgentProtocol.SSH_AGENT_FAILURE);
    }
  }

  @Test
  void reassemblesRequestsSplitAcrossChunksAndAnswersBatchedOnes() throws Exception {
    KeyPair ed = TestKeys.ed25519();
    SshAgentProtocol agent =
        new SshAgentProtocol(List.of(OpenSshKeys.parse(TestKeys.openSshPem(ed, "c"))));
    byte[] one = SshAgentProtocol.frame(new byte[] {11});
    byte[] two = new byte[one.length * 2];
    System.arraycopy(one, 0, two, 0, one.length);
    System.arraycopy(one, 0, two, one.length, one.length);

    assertThat(agent.receive(Arrays.copyOfRange(two, 0, 3))).isEmpty();
    assertThat(agent.receive(Arrays.copyOfRange(two, 3, 7))).hasSize(1);
    assertThat(agent.receive(Arrays.copyOfRange(two, 7, two.length))).hasSize(1);
  }

  @Test
  void fingerprintMatchesOpenSshFormat() throws Exception {
    KeyPair ed = TestKeys.ed25519();
    SshKey key = OpenSshKeys.parse(TestKeys.openSshPem(ed, "me"));
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(TestKeys.publicBlob(ed));
    assertThat(key.fingerprint())
        .isEqualTo(
            "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(digest));
    assertThat(key.authorizedKeyLine())
        .startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")
        .endsWith(" me");
  }

  @Test
  void rejectsEncryptedAndForeignKeys() {
    assertThatThrownBy(() -> OpenSshKeys.parse("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENSSH PRIVATE KEY");
    byte[] encrypted =
        new SshWire.Writer()
            .raw("openssh-key-v1\0".getBytes())
            .string("aes256-ctr")
            .string("bcrypt")
            .string(HexFormat.of().parseHex("00"))
            .toByteArray();
    String pem =
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + java.util.Base64.getEncoder().encodeToString(encrypted)
            + "\n-----END OPENSSH PRIVATE KEY-----\n";
    assertThatThrownBy(() -> OpenSshKeys.parse(pem)).hasMessageContaining("encrypted");
  }

  private static SshWire.Reader signResponse(SshAgentProtocol agent, byte[] blob, int flags) {
    byte[] request =
        new SshWire.Writer().byteValue(13).string(blob).string(DATA).uint32(flags).toByteArray();
    SshWire.Reader r = new SshWire.Reader(agent.handle(request));
    assertThat(r.byteValue()).isEqualTo(SshAgentProtocol.SSH_AGENT_SIGN_RESPONSE);
    return new SshWire.Reader(r.string());
  }

  private static boolean verify(String algorithm, PublicKey key, byte[] signature)
      throws Exception {
    PublicKey pub =
        KeyFactory.getInstance(key.getAlgorithm())
            .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    Signature s = Signature.getInstance(algorithm);
    s.initVerify(pub);
    s.update(DATA);
    return s.verify(signature);
  }
}
