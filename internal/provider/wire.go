package provider

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

// A list data source writes its list straight into Terraform's wire format
// (msgpack), one element at a time as the pages arrive, instead of building
// the whole list as values first. A long list then costs about its encoded
// size in memory, not the many times that a tree of values (and the
// framework's copies of it) take: see BENCHMARKS.md. server.go sends these
// bytes in place of the framework's encoding of the same state.

// Header bytes of msgpack's fixed-size forms, which let a count be patched
// in once it is known.
const (
	fixmap  = 0x80 // a map of 0–15 pairs, the count in the low four bits
	map32   = 0xdf // a map whose count is the next four bytes
	array32 = 0xdd // an array whose count is the next four bytes
)

// wire writes values in the msgpack form terraform decodes: objects as maps
// from attribute name to value (in any order), null as nil. Every object's
// attribute count is counted as its attributes are written, never written
// by hand. The first error sticks.
type wire struct {
	buf *chunks
	enc *msgpack.Encoder
	err error
	// attributes counts the keys written into the innermost open object.
	attributes int
}

func newWire(buf *chunks) wire {
	return wire{buf: buf, enc: msgpack.NewEncoder(buf)}
}

func (w *wire) check(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

// openObject is an object being written: where its header is, and the
// enclosing object's count to go back to.
type openObject struct {
	header, outer int
}

// beginObject starts an object; endObject writes its attribute count.
func (w *wire) beginObject() openObject {
	o := openObject{header: w.buf.Len(), outer: w.attributes}
	w.buf.writeByte(fixmap)
	w.attributes = 0
	return o
}

func (w *wire) endObject(o openObject) {
	if w.attributes > 15 {
		w.check(fmt.Errorf("an object of %d attributes does not fit a fixmap header", w.attributes))
	} else {
		w.buf.patch(o.header, []byte{fixmap | byte(w.attributes)}) //nolint:gosec // at most 15, checked above
	}
	w.attributes = o.outer
}

// optionalObject writes name and, when present, begins its object (which the
// caller ends); otherwise the attribute is null.
func (w *wire) optionalObject(name string, present bool) (openObject, bool) {
	w.key(name)
	if !present {
		w.check(w.enc.EncodeNil())
		return openObject{}, false
	}
	return w.beginObject(), true
}

func (w *wire) key(name string) {
	w.attributes++
	w.check(w.enc.EncodeString(name))
}

func (w *wire) str(name, v string) {
	w.key(name)
	w.check(w.enc.EncodeString(v))
}

func (w *wire) nullableStr(name string, v *string) {
	w.key(name)
	if v == nil {
		w.check(w.enc.EncodeNil())
		return
	}
	w.check(w.enc.EncodeString(*v))
}

func (w *wire) int(name string, v int64) {
	w.key(name)
	w.check(w.enc.EncodeInt(v))
}

// stateWriter writes a list data source's whole state: the object's header,
// the list's elements as they come, their ids into a buffer of their own,
// then every other attribute. Counts (attributes, elements, ids) are patched
// in at the end.
type stateWriter struct {
	buf    chunks
	wire   wire
	ids    chunks
	idsEnc *msgpack.Encoder
	typ    tftypes.Object
	list   string
	// listLength is where the list's element count goes.
	listLength int
	count      uint32
}

// idsName is the attribute of every list data source that lists its
// elements' ids (listResults.IDs).
const idsName = "ids"

func newStateWriter(typ tftypes.Object, list string) *stateWriter {
	w := &stateWriter{typ: typ, list: list}
	w.wire = newWire(&w.buf)
	w.buf.write([]byte{map32, 0, 0, 0, 0})
	w.wire.key(list)
	w.listLength = w.buf.Len() + 1
	w.buf.write([]byte{array32, 0, 0, 0, 0})
	w.ids.write([]byte{array32, 0, 0, 0, 0})
	w.idsEnc = msgpack.NewEncoder(&w.ids)
	return w
}

// element records one more element, with its id, and returns the wire to
// write the element to.
func (w *stateWriter) element(id string) *wire {
	w.count++
	w.wire.check(w.idsEnc.EncodeString(id))
	return &w.wire
}

// finish writes the ids and every attribute of rest (the state without its
// list and ids) and returns the whole encoding.
func (w *stateWriter) finish(rest tftypes.Value) ([]byte, error) {
	if w.wire.err != nil {
		return nil, w.wire.err
	}
	var values map[string]tftypes.Value
	if err := rest.As(&values); err != nil {
		return nil, err
	}
	w.buf.patch(w.listLength, binary.BigEndian.AppendUint32(nil, w.count))
	w.ids.patch(1, binary.BigEndian.AppendUint32(nil, w.count))
	w.wire.key(idsName)
	w.ids.writeTo(&w.buf)
	for _, name := range slices.Sorted(maps.Keys(w.typ.AttributeTypes)) {
		if name == w.list || name == idsName {
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
		w.wire.key(name)
		w.buf.write(encoded.MsgPack)
	}
	w.buf.patch(1, binary.BigEndian.AppendUint32(nil, uint32(w.wire.attributes))) //nolint:gosec // a schema's attribute count
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
func (w *stateWriter) wholeState() []byte {
	if w.buf.Len() < largeState {
		return w.buf.bytes()
	}
	debug.FreeOSMemory()
	whole := w.buf.bytes()
	w.buf, w.ids = chunks{}, chunks{}
	debug.FreeOSMemory()
	return whole
}
