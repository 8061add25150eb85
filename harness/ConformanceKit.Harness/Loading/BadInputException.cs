namespace ConformanceKit.Harness.Loading;

/// <summary>The user asked for something that cannot be done; the message is one line and the
/// command-line tool exits with 2 without a stack trace.</summary>
public sealed class BadInputException(string message) : Exception(message);
