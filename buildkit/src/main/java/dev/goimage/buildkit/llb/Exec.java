package dev.goimage.buildkit.llb;

import dev.goimage.buildkit.proto.pb.CacheOpt;
import dev.goimage.buildkit.proto.pb.CacheSharingOpt;
import dev.goimage.buildkit.proto.pb.ExecOp;
import dev.goimage.buildkit.proto.pb.Input;
import dev.goimage.buildkit.proto.pb.Meta;
import dev.goimage.buildkit.proto.pb.Mount;
import dev.goimage.buildkit.proto.pb.MountType;
import dev.goimage.buildkit.proto.pb.Op;
import dev.goimage.buildkit.proto.pb.SSHOpt;
import dev.goimage.buildkit.proto.pb.SecretEnv;
import dev.goimage.buildkit.proto.pb.SecretOpt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A process run in a container: {@code Llb.exec(root).args(...).env(...).mountCache(...)}. Its
 * outputs are {@link #root()} and {@link #output(String)} for writable mounts.
 *
 * <p>The image's ENV/WORKDIR are not applied by the daemon: set env and cwd here.
 */
public final class Exec extends Vertex {
  /** Cache mount sharing mode. */
  public enum Sharing {
    SHARED,
    PRIVATE,
    LOCKED
  }

  private enum Kind {
    BIND,
    CACHE,
    SECRET,
    SSH
  }

  private record MountSpec(
      String dest,
      State source,
      Kind kind,
      boolean readonly,
      String id,
      Sharing sharing,
      int uid,
      int gid,
      int mode,
      boolean optional) {}

  private record SecretEnvSpec(String id, String name, boolean optional) {}

  private final List<String> args = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private String cwd = "/";
  private String user = "";
  private final List<MountSpec> mounts = new ArrayList<>();
  private final List<MountSpec> secretAndSshMounts = new ArrayList<>();
  private final List<SecretEnvSpec> secretEnv = new ArrayList<>();

  Exec(State root) {
    mounts.add(new MountSpec("/", root, Kind.BIND, false, "", null, 0, 0, 0, false));
  }

  /** argv; for a shell line use {@code args("/bin/sh", "-c", line)}. */
  public Exec args(String... argv) {
    args.clear();
    args.addAll(List.of(argv));
    return this;
  }

  public Exec env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Exec env(Map<String, String> vars) {
    env.putAll(vars);
    return this;
  }

  public Exec cwd(String dir) {
    this.cwd = dir;
    return this;
  }

  /** {@code uid[:gid]} or a user name resolved in the root filesystem. */
  public Exec user(String user) {
    this.user = user;
    return this;
  }

  public Exec name(String name) {
    setCustomName(name);
    return this;
  }

  /** Mounts {@code source} read-write at {@code dest}; its result is {@link #output(String)}. */
  public Exec mount(String dest, State source) {
    return addMount(new MountSpec(dest, source, Kind.BIND, false, "", null, 0, 0, 0, false));
  }

  /** Mounts {@code source} read-only; no output. */
  public Exec mountReadonly(String dest, State source) {
    return addMount(new MountSpec(dest, source, Kind.BIND, true, "", null, 0, 0, 0, false));
  }

  /** An empty writable directory whose content becomes {@link #output(String)}. */
  public Exec mountScratch(String dest) {
    return mount(dest, State.scratch());
  }

  /** A persistent cache directory in the daemon, shared across builds by {@code id}. */
  public Exec mountCache(String dest, String id, Sharing sharing) {
    return addMount(
        new MountSpec(dest, State.scratch(), Kind.CACHE, false, id, sharing, 0, 0, 0, false));
  }

  /** Secret {@code id} from the session as a file (mode 0400 root). */
  public Exec mountSecret(String dest, String id) {
    return mountSecret(dest, id, 0, 0, 0400, false);
  }

  public Exec mountSecret(String dest, String id, int uid, int gid, int mode, boolean optional) {
    secretAndSshMounts.add(
        new MountSpec(dest, null, Kind.SECRET, false, id, null, uid, gid, mode, optional));
    return this;
  }

  /** Secret {@code id} as environment variable {@code name}. */
  public Exec secretEnv(String id, String name, boolean optional) {
    secretEnv.add(new SecretEnvSpec(id, name, optional));
    return this;
  }

  /**
   * The session's SSH agent {@code id} as a socket at {@code dest} (Go's default is {@code
   * /run/buildkit/ssh_agent.N}); sets SSH_AUTH_SOCK for the first one unless env has it.
   */
  public Exec mountSsh(String id, String dest) {
    return mountSsh(id, dest, 0, 0, 0600, false);
  }

  public Exec mountSsh(String id, String dest, int uid, int gid, int mode, boolean optional) {
    secretAndSshMounts.add(
        new MountSpec(dest, null, Kind.SSH, false, id, null, uid, gid, mode, optional));
    return this;
  }

  /** The root filesystem after the process ran. */
  public State root() {
    return new State(this, "/");
  }

  /** The content of the writable mount at {@code dest} after the process ran. */
  public State output(String dest) {
    MountSpec m = findMount(dest);
    if (m.kind != Kind.BIND || m.readonly) {
      throw new IllegalArgumentException("mount " + dest + " has no output");
    }
    return new State(this, dest);
  }

  private Exec addMount(MountSpec spec) {
    if (mounts.stream().anyMatch(m -> m.dest.equals(spec.dest))) {
      throw new IllegalArgumentException("duplicate mount " + spec.dest);
    }
    mounts.add(spec);
    return this;
  }

  private MountSpec findMount(String dest) {
    return mounts.stream()
        .filter(m -> m.dest.equals(dest))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no mount at " + dest));
  }

  private List<MountSpec> sortedMounts() {
    List<MountSpec> sorted = new ArrayList<>(mounts);
    sorted.sort(Comparator.comparing(MountSpec::dest));
    return sorted;
  }

  private static boolean hasOutput(MountSpec m) {
    return m.kind == Kind.BIND && !m.readonly;
  }

  @Override
  int outputIndex(String dest) {
    int index = 0;
    for (MountSpec m : sortedMounts()) {
      if (m.dest.equals(dest)) {
        return index;
      }
      if (hasOutput(m)) {
        index++;
      }
    }
    throw new IllegalArgumentException("no mount at " + dest);
  }

  @Override
  List<State> inputs() {
    List<State> inputs = new ArrayList<>();
    for (MountSpec m : sortedMounts()) {
      if (!m.source.isScratch() && !containsSame(inputs, m.source)) {
        inputs.add(m.source);
      }
    }
    return inputs;
  }

  private static boolean containsSame(List<State> states, State s) {
    return states.stream()
        .anyMatch(x -> x.vertex() == s.vertex() && x.outputIndex() == s.outputIndex());
  }

  @Override
  Op toOp(Platform platform, Function<State, Input> input) {
    if (args.isEmpty()) {
      throw new IllegalStateException("exec without args");
    }
    Map<String, String> environment = new LinkedHashMap<>(env);
    if (!secretAndSshMounts.isEmpty()) {
      secretAndSshMounts.stream()
          .filter(m -> m.kind == Kind.SSH)
          .findFirst()
          .ifPresent(m -> environment.putIfAbsent("SSH_AUTH_SOCK", m.dest));
    }
    Meta.Builder meta =
        Meta.newBuilder()
            .addAllArgs(args)
            .setCwd(cwd)
            .setUser(user)
            .setRemoveMountStubsRecursive(true);
    environment.forEach((k, v) -> meta.addEnv(k + "=" + v));
    ExecOp.Builder exec = ExecOp.newBuilder().setMeta(meta);

    List<Input> opInputs = new ArrayList<>();
    int output = 0;
    for (MountSpec m : sortedMounts()) {
      long inputIndex = -1;
      if (!m.source.isScratch()) {
        Input in = input.apply(m.source);
        inputIndex = opInputs.indexOf(in);
        if (inputIndex < 0) {
          inputIndex = opInputs.size();
          opInputs.add(in);
        }
      }
      Mount.Builder pm =
          Mount.newBuilder()
              .setInput(inputIndex)
              .setDest(m.dest)
              .setReadonly(m.readonly)
              .setOutput(hasOutput(m) ? output++ : -1);
      if (m.kind == Kind.CACHE) {
        pm.setMountType(MountType.CACHE)
            .setCacheOpt(
                CacheOpt.newBuilder()
                    .setID(m.id)
                    .setSharing(CacheSharingOpt.valueOf(m.sharing.name())));
      }
      exec.addMounts(pm);
    }
    for (SecretEnvSpec s : secretEnv) {
      exec.addSecretenv(SecretEnv.newBuilder().setID(s.id).setName(s.name).setOptional(s.optional));
    }
    for (MountSpec m : secretAndSshMounts) {
      Mount.Builder pm = Mount.newBuilder().setInput(-1).setDest(m.dest);
      if (m.kind == Kind.SECRET) {
        pm.setMountType(MountType.SECRET)
            .setSecretOpt(
                SecretOpt.newBuilder()
                    .setID(m.id)
                    .setUid(m.uid)
                    .setGid(m.gid)
                    .setMode(m.mode)
                    .setOptional(m.optional));
      } else {
        pm.setMountType(MountType.SSH)
            .setSSHOpt(
                SSHOpt.newBuilder()
                    .setID(m.id)
                    .setUid(m.uid)
                    .setGid(m.gid)
                    .setMode(m.mode)
                    .setOptional(m.optional));
      }
      exec.addMounts(pm);
    }
    return baseOp(platform, true).addAllInputs(opInputs).setExec(exec).build();
  }

  @Override
  public String toString() {
    return customName() != null ? customName() : "exec " + String.join(" ", args);
  }
}
