package statewire

import (
	"encoding/binary"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// Header bytes of msgpack's 32-bit forms, which let a count be patched in
// once it is known.
const (
	map32   = 0xdf // a map whose count is the next four bytes
	array32 = 0xdd // an array whose count is the next four bytes
)

// IDs is the attribute of every list data source that lists its elements'
// ids, in the list's order.
const IDs = "ids"

// StateWriter writes a list data source's whole state: the object's header,
// the list's elements as they come, their ids into a buffer of their own,
// then every other attribute. The list's and the ids' lengths are patched in
// at the end; the top level's attribute count is the schema's.
type StateWriter struct {
	buf    chunks
	wire   *Wire
	ids    chunks
	idsEnc *msgpack.Encoder
	typ    tftypes.Object
	list   string
	// listLength is where the list's element count goes.
	listLength int
	count      uint32
}

// NewStateWriter writes a state of type typ whose list attribute is list.
func NewStateWriter(typ tftypes.Object, list string) *StateWriter {
	w := &StateWriter{typ: typ, list: list}
	w.wire = newWire(&w.buf)
	w.buf.write([]byte{map32, 0, 0, 0, 0})
	w.wire.check(w.wire.enc.EncodeString(list))
	w.listLength = w.buf.Len() + 1
	w.buf.write([]byte{array32, 0, 0, 0, 0})
	w.ids.write([]byte{array32, 0, 0, 0, 0})
	w.idsEnc = msgpack.NewEncoder(&w.ids)
	return w
}

// Element records one more element, with its id, and returns the wire to
// write the element to: exactly one value.
func (w *StateWriter) Element(id string) *Wire {
	w.checkOneValueEach()
	w.count++
	w.wire.check(w.idsEnc.EncodeString(id))
	return w.wire
}

// checkOneValueEach fails the writer unless each element so far was written
// as exactly one value: more or fewer would shift every later element.
func (w *StateWriter) checkOneValueEach() {
	if w.wire.values != int(w.count) && w.wire.err == nil {
		w.wire.err = fmt.Errorf("%d values were written for %d elements", w.wire.values, w.count)
	}
}

// Err is the first error met while writing elements.
func (w *StateWriter) Err() error { return w.wire.err }

// Finish writes the ids and every attribute of rest (the state, whose list
// and ids are not looked at) and returns the whole encoding.
func (w *StateWriter) Finish(rest tftypes.Value) ([]byte, error) {
	if w.wire.err != nil {
		return nil, w.wire.err
	}
	if len(w.wire.open) != 0 {
		return nil, fmt.Errorf("%d objects were begun and never ended", len(w.wire.open))
	}
	if w.checkOneValueEach(); w.wire.err != nil {
		return nil, w.wire.err
	}
	var values map[string]tftypes.Value
	if err := rest.As(&values); err != nil {
		return nil, err
	}
	for _, name := range []string{w.list, IDs} {
		if _, ok := w.typ.AttributeTypes[name]; !ok {
			return nil, fmt.Errorf("the state's type has no %q attribute", name)
		}
	}
	w.buf.patch(w.listLength, binary.BigEndian.AppendUint32(nil, w.count))
	w.ids.patch(1, binary.BigEndian.AppendUint32(nil, w.count))
	w.wire.check(w.wire.enc.EncodeString(IDs))
	w.ids.writeTo(&w.buf)
	for _, name := range slices.Sorted(maps.Keys(w.typ.AttributeTypes)) {
		if name == w.list || name == IDs {
			continue
		}
		value, ok := values[name]
		if !ok {
			return nil, fmt.Errorf("no value for attribute %q", name)
		}
		encoded, err := tfprotov6.NewDynamicValue(w.typ.AttributeTypes[name], value)
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", name, err)
		}
		w.wire.check(w.wire.enc.EncodeString(name))
		w.buf.write(encoded.MsgPack)
	}
	w.buf.patch(1, binary.BigEndian.AppendUint32(nil, uint32(len(w.typ.AttributeTypes)))) //nolint:gosec // a schema's attribute count
	if w.wire.err != nil {
		return nil, w.wire.err
	}
	return w.wholeState(), nil
}

// largeState is the size from which a state's memory is given back as soon
// as it is dead (about 18,000 conversations); below it, the baseline of the
// process is most of its memory anyway.
const largeState = 8 << 20

// wholeState is the state as one slice of exactly its size, as gRPC needs
// it. gRPC then makes a copy of its own to send, so a large read would hold
// the chunks, this slice, gRPC's copy and the drain's uncollected garbage at
// once. For a large state, the garbage is given back to the system before the
// slice is made, and the chunks after: the peak at 100,000 conversations
// fell from 239 to 116 MiB (BENCHMARKS.md), for two collections of a heap
// that is mostly those chunks.
func (w *StateWriter) wholeState() []byte {
	if w.buf.Len() < largeState {
		return w.buf.bytes()
	}
	debug.FreeOSMemory()
	whole := w.buf.bytes()
	w.buf, w.ids = chunks{}, chunks{}
	debug.FreeOSMemory()
	return whole
}
