package dev.goimage.buildkit.session.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** SSH wire encoding (RFC 4251 §5): uint32, string, mpint. */
public final class SshWire {
  private SshWire() {}

  /** Reads SSH wire values from a byte array. */
  public static final class Reader {
    private final ByteBuffer buf;

    public Reader(byte[] data) {
      this.buf = ByteBuffer.wrap(data);
    }

    public int uint32() {
      need(4);
      return buf.getInt();
    }

    public int byteValue() {
      need(1);
      return buf.get() & 0xff;
    }

    public byte[] string() {
      int len = uint32();
      if (len < 0) {
        throw new IllegalArgumentException("negative length");
      }
      need(len);
      byte[] out = new byte[len];
      buf.get(out);
      return out;
    }

    public String utf8() {
      return new String(string(), StandardCharsets.UTF_8);
    }

    public BigInteger mpint() {
      byte[] b = string();
      return b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
    }

    public byte[] raw(int n) {
      need(n);
      byte[] out = new byte[n];
      buf.get(out);
      return out;
    }

    public int remaining() {
      return buf.remaining();
    }

    private void need(int n) {
      if (buf.remaining() < n) {
        throw new IllegalArgumentException("truncated SSH data");
      }
    }
  }

  /** Builds SSH wire values. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer uint32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    public Writer byteValue(int v) {
      out.write(v);
      return this;
    }

    public Writer string(byte[] b) {
      uint32(b.length);
      out.writeBytes(b);
      return this;
    }

    public Writer string(String s) {
      return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public Writer mpint(BigInteger v) {
      return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
    }

    public Writer raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
