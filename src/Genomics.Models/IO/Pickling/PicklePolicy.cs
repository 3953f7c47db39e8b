namespace Genomics.Models.IO.Pickling;

/// <summary>
/// What one use of the shared <see cref="PickleMachine"/> reads: which globals a pickle may name, how an allowed global
/// is turned into an object by REDUCE, NEWOBJ and BUILD, what a persistent id stands for, and which exception type
/// reports a problem. The machine interprets the opcodes; a policy never sees a global it did not allow, and nothing a
/// policy does may import or call anything the pickle names.
/// </summary>
/// <remarks>
/// One instance serves one pickle: policies may keep per-read state (the arrays still waiting for their BUILD, say).
/// </remarks>
internal abstract class PicklePolicy
{
    /// <summary>
    /// Gets the lowest pickle protocol read. From 2 up, a PROTO opcode naming a lower protocol and the text opcodes of
    /// protocols 0 and 1 (INT, LONG, FLOAT, STRING, BINSTRING, SHORT_BINSTRING, UNICODE, PUT, GET, PERSID) are refused.
    /// </summary>
    public virtual int LowestProtocol => 0;

    /// <summary>Gets a value indicating whether NEWOBJ is passed to <see cref="NewObject"/> (otherwise it is refused).</summary>
    public virtual bool ReadsNewObject => false;

    /// <summary>Gets a value indicating whether BINPERSID is passed to <see cref="PersistentLoad"/> (otherwise it is refused).</summary>
    public virtual bool ReadsPersistentIds => false;

    /// <summary>
    /// Decides whether the pickle may name a global, when the GLOBAL or STACK_GLOBAL opcode is read and before anything
    /// uses it.
    /// </summary>
    /// <param name="module">The module, as written in the pickle.</param>
    /// <param name="name">The name within the module.</param>
    /// <returns>
    /// What the global means to this policy (it travels inside the <see cref="PickleGlobal"/> the machine pushes), or
    /// null to refuse it: the machine then throws <see cref="RefuseGlobal"/>'s exception.
    /// </returns>
    public abstract object? Allow(string module, string name);

    /// <summary>Interprets REDUCE on an allowed global: builds the value the call would have returned, calling nothing.</summary>
    /// <param name="machine">The machine, for errors and shared helpers.</param>
    /// <param name="callable">The allowed global.</param>
    /// <param name="args">The argument tuple.</param>
    /// <returns>The value pushed in place of the call.</returns>
    public abstract object? Reduce(PickleMachine machine, PickleGlobal callable, object?[] args);

    /// <summary>Interprets NEWOBJ on an allowed global when <see cref="ReadsNewObject"/> is set.</summary>
    /// <param name="machine">The machine, for errors and shared helpers.</param>
    /// <param name="type">The allowed global named as the class.</param>
    /// <param name="args">The argument tuple.</param>
    /// <returns>The value pushed in place of the new instance.</returns>
    public virtual object? NewObject(PickleMachine machine, PickleGlobal type, object?[] args) =>
        throw machine.Error($"NEWOBJ of '{type}' is not read");

    /// <summary>Interprets BUILD: gives <paramref name="target"/> its state, or refuses.</summary>
    /// <param name="machine">The machine, for errors and shared helpers.</param>
    /// <param name="target">The value on top of the stack.</param>
    /// <param name="state">The state popped for it.</param>
    public abstract void Build(PickleMachine machine, object? target, object? state);

    /// <summary>Resolves a persistent id (BINPERSID) when <see cref="ReadsPersistentIds"/> is set.</summary>
    /// <param name="machine">The machine, for errors and shared helpers.</param>
    /// <param name="id">The id popped from the stack.</param>
    /// <returns>The value the id stands for.</returns>
    public virtual object? PersistentLoad(PickleMachine machine, object? id) =>
        throw machine.Error("persistent ids are not read");

    /// <summary>
    /// Whether a value is one of the policy's intermediate objects that may not be returned as data (a bare numpy dtype,
    /// say). Bare <see cref="PickleGlobal"/>s are refused by the machine itself.
    /// </summary>
    /// <param name="value">A value reachable from the result.</param>
    /// <returns>True to refuse the pickle.</returns>
    public virtual bool IsIntermediate(object value) => false;

    /// <summary>Checks the finished result before it is returned (every array given its data, say).</summary>
    /// <param name="machine">The machine, for errors.</param>
    /// <param name="result">The value the pickle returns.</param>
    public virtual void Finish(PickleMachine machine, object? result)
    {
    }

    /// <summary>Describes one of the policy's own values for messages, or returns null for the machine's description.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A short phrase such as "a numpy array", or null.</returns>
    public virtual string? Describe(object value) => null;

    /// <summary>Creates the exception that reports a malformed or unsupported pickle.</summary>
    /// <param name="offset">The byte offset of the opcode at fault.</param>
    /// <param name="reason">What is wrong.</param>
    /// <returns>The exception to throw.</returns>
    public abstract Exception Error(long offset, string reason);

    /// <summary>Creates the exception that reports a refused global.</summary>
    /// <param name="offset">The byte offset of the GLOBAL, STACK_GLOBAL or INST opcode.</param>
    /// <param name="module">The module, as written in the pickle.</param>
    /// <param name="name">The name within the module.</param>
    /// <returns>The exception to throw.</returns>
    public abstract Exception RefuseGlobal(long offset, string module, string name);
}

/// <summary>A global the pickle named and its policy allowed; it stands on the stack until REDUCE, NEWOBJ or a persistent id uses it.</summary>
/// <param name="Module">The module, as written in the pickle.</param>
/// <param name="Name">The name within the module.</param>
/// <param name="Meaning">What the policy made of it (<see cref="PicklePolicy.Allow"/>).</param>
internal sealed record PickleGlobal(string Module, string Name, object Meaning)
{
    /// <inheritdoc />
    public override string ToString() => Module + "." + Name;
}
