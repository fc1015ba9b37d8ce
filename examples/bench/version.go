package main

import "fmt"

// revision is the line the build benchmark (hack/bench-build.sh) edits for its source-change case.
const revision = "bench-0"

func versionString() string { return fmt.Sprintf("catalog %s", revision) }
