package dev.goimage.buildkit.session.ssh;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A read-only ssh-agent (draft-miller-ssh-agent): lists its keys and signs with them; every other
 * request (add, remove, lock, extensions such as session-bind) gets SSH_AGENT_FAILURE.
 *
 * <p>Feed it the raw bytes of one agent connection; it answers each complete request.
 */
public final class SshAgentProtocol {
  public static final int SSH_AGENT_FAILURE = 5;
  public static final int SSH_AGENTC_REQUEST_IDENTITIES = 11;
  public static final int SSH_AGENT_IDENTITIES_ANSWER = 12;
  public static final int SSH_AGENTC_SIGN_REQUEST = 13;
  public static final int SSH_AGENT_SIGN_RESPONSE = 14;

  private static final int MAX_MESSAGE = 256 * 1024;

  private final List<SshKey> keys;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  public SshAgentProtocol(List<SshKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Consumes bytes from the client; returns the framed responses to send back (maybe none). */
  public List<byte[]> receive(byte[] chunk) {
    pending.writeBytes(chunk);
    List<byte[]> responses = new ArrayList<>();
    byte[] buf = pending.toByteArray();
    int pos = 0;
    while (buf.length - pos >= 4) {
      int len =
          ((buf[pos] & 0xff) << 24)
              | ((buf[pos + 1] & 0xff) << 16)
              | ((buf[pos + 2] & 0xff) << 8)
              | (buf[pos + 3] & 0xff);
      if (len <= 0 || len > MAX_MESSAGE) {
        throw new IllegalArgumentException("invalid agent message length " + len);
      }
      if (buf.length - pos - 4 < len) {
        break;
      }
      byte[] message = Arrays.copyOfRange(buf, pos + 4, pos + 4 + len);
      responses.add(frame(handle(message)));
      pos += 4 + len;
    }
    pending.reset();
    pending.write(buf, pos, buf.length - pos);
    return responses;
  }

  /** Answers one request body (type byte + payload) with a response body. */
  public byte[] handle(byte[] message) {
    SshWire.Reader r = new SshWire.Reader(message);
    int type = r.byteValue();
    try {
      switch (type) {
        case SSH_AGENTC_REQUEST_IDENTITIES:
          return identities();
        case SSH_AGENTC_SIGN_REQUEST:
          return sign(r.string(), r.string(), r.remaining() >= 4 ? r.uint32() : 0);
        default:
          return failure();
      }
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return failure();
    }
  }

  private byte[] identities() {
    SshWire.Writer w = new SshWire.Writer().byteValue(SSH_AGENT_IDENTITIES_ANSWER);
    w.uint32(keys.size());
    for (SshKey k : keys) {
      w.string(k.publicBlob()).string(k.comment());
    }
    return w.toByteArray();
  }

  private byte[] sign(byte[] blob, byte[] data, int flags) throws GeneralSecurityException {
    for (SshKey k : keys) {
      if (Arrays.equals(k.publicBlob(), blob)) {
        return new SshWire.Writer()
            .byteValue(SSH_AGENT_SIGN_RESPONSE)
            .string(k.sign(data, flags))
            .toByteArray();
      }
    }
    return failure();
  }

  private static byte[] failure() {
    return new byte[] {SSH_AGENT_FAILURE};
  }

  /** Prefixes a message body with its uint32 length. */
  public static byte[] frame(byte[] body) {
    return new SshWire.Writer().uint32(body.length).raw(body).toByteArray();
  }
}
