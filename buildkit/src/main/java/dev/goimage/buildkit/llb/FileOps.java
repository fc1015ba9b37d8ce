package dev.goimage.buildkit.llb;

import com.google.protobuf.ByteString;
import dev.goimage.buildkit.proto.pb.ChownOpt;
import dev.goimage.buildkit.proto.pb.FileAction;
import dev.goimage.buildkit.proto.pb.FileActionCopy;
import dev.goimage.buildkit.proto.pb.FileActionMkDir;
import dev.goimage.buildkit.proto.pb.FileActionMkFile;
import dev.goimage.buildkit.proto.pb.FileOp;
import dev.goimage.buildkit.proto.pb.Input;
import dev.goimage.buildkit.proto.pb.Op;
import dev.goimage.buildkit.proto.pb.UserOpt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A chain of file actions applied to a base state, one op: {@code Llb.file(base).mkdir(...)
 * .mkfile(...).copy(...).state()}. Each action works on the previous action's result.
 */
public final class FileOps extends Vertex {
  /** Options of a copy; the defaults match a Dockerfile COPY of a single path. */
  public record CopyOptions(
      boolean followSymlink,
      boolean createDestPath,
      boolean dirCopyContents,
      boolean allowWildcard,
      int mode,
      Integer uid,
      Integer gid,
      List<String> includePatterns) {
    public static CopyOptions defaults() {
      return new CopyOptions(true, true, false, false, -1, null, null, List.of());
    }

    public CopyOptions withDirCopyContents(boolean contents) {
      return new CopyOptions(
          followSymlink, createDestPath, contents, allowWildcard, mode, uid, gid, includePatterns);
    }

    public CopyOptions withOwner(int newUid, int newGid) {
      return new CopyOptions(
          followSymlink,
          createDestPath,
          dirCopyContents,
          allowWildcard,
          mode,
          newUid,
          newGid,
          includePatterns);
    }

    public CopyOptions withMode(int newMode) {
      return new CopyOptions(
          followSymlink,
          createDestPath,
          dirCopyContents,
          allowWildcard,
          newMode,
          uid,
          gid,
          includePatterns);
    }

    /** Only paths matching these patterns ({@code **} allowed) are copied from a directory. */
    public CopyOptions withIncludePatterns(List<String> patterns) {
      return new CopyOptions(
          followSymlink,
          createDestPath,
          dirCopyContents,
          allowWildcard,
          mode,
          uid,
          gid,
          List.copyOf(patterns));
    }
  }

  private interface Action {
    FileAction.Builder build(int secondaryInput);

    default State secondary() {
      return null;
    }
  }

  private final State base;
  private final List<Action> actions = new ArrayList<>();

  FileOps(State base) {
    this.base = base;
  }

  public FileOps name(String name) {
    setCustomName(name);
    return this;
  }

  /** Creates a directory; {@code parents} like mkdir -p. */
  public FileOps mkdir(String path, int mode, boolean parents) {
    actions.add(
        secondary ->
            FileAction.newBuilder()
                .setMkdir(
                    FileActionMkDir.newBuilder()
                        .setPath(path)
                        .setMode(mode)
                        .setMakeParents(parents)
                        .setTimestamp(-1)));
    return this;
  }

  public FileOps mkfile(String path, int mode, String content) {
    return mkfile(path, mode, content.getBytes(StandardCharsets.UTF_8));
  }

  public FileOps mkfile(String path, int mode, byte[] content) {
    ByteString data = ByteString.copyFrom(content);
    actions.add(
        secondary ->
            FileAction.newBuilder()
                .setMkfile(
                    FileActionMkFile.newBuilder()
                        .setPath(path)
                        .setMode(mode)
                        .setData(data)
                        .setTimestamp(-1)));
    return this;
  }

  /** Copies {@code src} of state {@code from} to {@code dest} in the chain's filesystem. */
  public FileOps copy(State from, String src, String dest) {
    return copy(from, src, dest, CopyOptions.defaults());
  }

  public FileOps copy(State from, String src, String dest, CopyOptions options) {
    actions.add(
        new Action() {
          @Override
          public FileAction.Builder build(int secondaryInput) {
            FileActionCopy.Builder copy =
                FileActionCopy.newBuilder()
                    .setSrc(src)
                    .setDest(dest)
                    .setMode(options.mode())
                    .setFollowSymlink(options.followSymlink())
                    .setDirCopyContents(options.dirCopyContents())
                    .setCreateDestPath(options.createDestPath())
                    .setAllowWildcard(options.allowWildcard())
                    .addAllIncludePatterns(options.includePatterns())
                    .setTimestamp(-1);
            if (options.uid() != null) {
              copy.setOwner(
                  ChownOpt.newBuilder()
                      .setUser(UserOpt.newBuilder().setByID(options.uid()))
                      .setGroup(UserOpt.newBuilder().setByID(options.gid())));
            }
            return FileAction.newBuilder().setCopy(copy);
          }

          @Override
          public State secondary() {
            return from;
          }
        });
    return this;
  }

  /** The filesystem after the last action. */
  public State state() {
    if (actions.isEmpty()) {
      throw new IllegalStateException("a file op needs at least one action");
    }
    return new State(this, "0");
  }

  @Override
  List<State> inputs() {
    List<State> inputs = new ArrayList<>();
    if (!base.isScratch()) {
      inputs.add(base);
    }
    for (Action a : actions) {
      State s = a.secondary();
      if (s != null && !s.isScratch() && !inputs.contains(s)) {
        inputs.add(s);
      }
    }
    return inputs;
  }

  @Override
  Op toOp(Platform platform, Function<State, Input> input) {
    List<State> states = inputs();
    List<Input> opInputs = new ArrayList<>();
    for (State s : states) {
      Input in = input.apply(s);
      if (!opInputs.contains(in)) {
        opInputs.add(in);
      }
    }
    FileOp.Builder file = FileOp.newBuilder();
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      // The first action reads the base; later ones read "output of action i-1" = inputs + i-1.
      long in = i == 0 ? indexOf(base, opInputs, input) : opInputs.size() + i - 1;
      int secondary = a.secondary() == null ? -1 : indexOf(a.secondary(), opInputs, input);
      file.addActions(
          a.build(secondary)
              .setInput(in)
              .setSecondaryInput(secondary)
              .setOutput(i == actions.size() - 1 ? 0 : -1));
    }
    // FileOp results do not depend on the platform: Go sends none.
    return baseOp(platform, false).addAllInputs(opInputs).setFile(file).build();
  }

  private static int indexOf(State s, List<Input> opInputs, Function<State, Input> input) {
    return s.isScratch() ? -1 : opInputs.indexOf(input.apply(s));
  }

  @Override
  public String toString() {
    return customName() != null ? customName() : "file op (" + actions.size() + " actions)";
  }
}
