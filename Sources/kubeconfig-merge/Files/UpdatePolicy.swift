import Common

/// What a run may do to a file's existing entries and its current context: chosen by flags
/// (Settings) or per cluster (ClusterRequest), carried out by FileJob.

/// How entries already in a file are treated.
enum UpdateMode: String {
    /// Upsert by name, keep everything else.
    case merge
    /// The file holds only this run's entries afterwards.
    case replace
    /// Fail when an entry of the same name exists with other content.
    case error
}

/// When `current-context` is set.
enum CurrentContextPolicy: String {
    case ifUnset = "if-unset", always, never
}
