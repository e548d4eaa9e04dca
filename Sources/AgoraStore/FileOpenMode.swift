/// How `FileSystem.open` opens a file.
public enum FileOpenMode: Sendable, Equatable {
    /// Write-only, appending, created if missing (the journal).
    case append
    /// Write-only, created or truncated to empty (temp files about to be renamed into place).
    case replace
    /// Read-only directory handle, used only to `fsync` a rename into durability.
    case directory
}
