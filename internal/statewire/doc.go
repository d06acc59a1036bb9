// Package statewire writes a list data source's state straight into
// Terraform's wire form (msgpack), one element at a time as the pages
// arrive, and serves those bytes in place of the framework's encoding of the
// same state.
//
// After a Read, the framework converts the whole new state into framework
// values, walks it for semantic equality and encodes it again. For a list of
// 10,000 conversations that was two thirds of the provider's time and most of
// its memory (BENCHMARKS.md), and it changes nothing for lists of computed
// attributes of plain types. So a Read served by NewServer finds a Slot in
// its context (From); it leaves the framework a small state (everything but
// the list and its ids) and puts the full state, already encoded by a
// StateWriter, into the slot.
//
// Invariants, each held by a test:
//
//   - The bytes decode, with the schema's type, to the state the framework
//     would have sent for the same answers (the provider's
//     TestStreamedAndFrameworkStatesAgree; each record table's own test).
//   - Every object's header holds its attribute count, taken from what the
//     caller declares (Wire.Object) and checked against what it writes: a
//     miscount is an error, never a state terraform cannot decode. Maps use
//     msgpack's smallest header for their count, so objects of any size fit.
//     Each list element is exactly one value (StateWriter checks), so no
//     element can shift the ones after it.
//   - The top-level object holds every attribute of the schema exactly once:
//     the list and its ids as streamed, every other one as the framework set
//     it (StateWriter.Finish).
//   - The slot's bytes are sent only when the framework's Read ended without
//     an error diagnostic and without a deferral; otherwise the framework's
//     own response goes out unchanged.
//   - The server forwards every RPC the framework's server has, the optional
//     ones (list resources, actions, state stores) included: wrapping never
//     hides a capability.
//   - Nothing here knows of Kirim.chat: it writes values and forwards RPCs.
package statewire
