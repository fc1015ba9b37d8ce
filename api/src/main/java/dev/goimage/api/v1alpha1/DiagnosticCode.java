package dev.goimage.api.v1alpha1;

/**
 * The failure catalogue (docs/diagnostics.md). Codes are API: never rename one, only add. Every
 * condition reason and Event reason the operator writes is one of these, or a phase word.
 */
public enum DiagnosticCode {
  GoModNotFound,
  PackageNotFound,
  NotMainPackage,
  GoSumMissing,
  ChecksumMismatch,
  CacheCorrupted,
  ModuleProxyUnreachable,
  ModuleNotFound,
  PrivateModuleViaPublicProxy,
  PrivateModuleAuthFailed,
  GitHostKeyUnknown,
  GitRepositoryNotFound,
  GitAuthFailed,
  GitRevisionNotFound,
  InconsistentVendoring,
  GoVersionTooOld,
  CgoToolchainMissing,
  DynamicBinaryOnScratch,
  CompileError,
  OutOfMemory,
  BuildTimeout,
  BaseImageNotFound,
  RegistryAuthFailed,
  RegistryUnreachable,
  DockerfileNotFound,
  SecretNotFound,
  InvalidSpec,
  CacheBusy,
  BuildKitUnavailable,
  HealthCheckFailed,
  ChaosRecoveryFailed,
  ProxyDirectOnly,
  NoPersistentCache,
  BuildFailed
}
