package provider

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// A list data source writes its state straight into Terraform's wire format
// (msgpack), one element at a time as the pages arrive, instead of building
// the whole list as values first. A long list then costs about its encoded
// size in memory, not the many times that a tree of values (and the
// framework's copies of it) take: see BENCHMARKS.md.

// wireReader is a data source whose read produces its state in wire form.
type wireReader interface {
	readWire(ctx context.Context, config tfsdk.Config) ([]byte, diag.Diagnostics)
}

// readFromWire is Read for a wireReader on the framework's own path: the
// state is decoded from the same bytes the direct path sends terraform.
func readFromWire(ctx context.Context, r wireReader, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	wire, diags := r.readWire(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	state, err := (&tfprotov6.DynamicValue{MsgPack: wire}).Unmarshal(resp.State.Schema.Type().TerraformType(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Unable to decode the data source's state", "This is a bug in the provider: "+err.Error())
		return
	}
	resp.State.Raw = state
}

// wire writes values in the msgpack form terraform decodes: objects as maps
// from attribute name to value (in any order), null as nil. The first error
// sticks; nothing is written after it.
type wire struct {
	enc *msgpack.Encoder
	err error
}

func (w *wire) do(f func() error) {
	if w.err == nil {
		w.err = f()
	}
}

// object starts an object of n attributes, or writes null when present is false.
func (w *wire) object(present bool, n int) bool {
	if !present {
		w.do(w.enc.EncodeNil)
		return false
	}
	w.do(func() error { return w.enc.EncodeMapLen(n) })
	return true
}

func (w *wire) key(name string) { w.do(func() error { return w.enc.EncodeString(name) }) }

func (w *wire) str(name, v string) {
	w.key(name)
	w.do(func() error { return w.enc.EncodeString(v) })
}

func (w *wire) nullableStr(name string, v *string) {
	w.key(name)
	if v == nil {
		w.do(w.enc.EncodeNil)
		return
	}
	w.do(func() error { return w.enc.EncodeString(*v) })
}

func (w *wire) int(name string, v int64) {
	w.key(name)
	w.do(func() error { return w.enc.EncodeInt(v) })
}

// stateWriter writes a data source's state in wire form with its list
// attribute streamed: the object's header, the list's key and a fixed-size
// length (patched at the end), the elements as they come, then every other
// attribute.
type stateWriter struct {
	buf      bytes.Buffer
	wire     wire
	typ      tftypes.Object
	list     string
	lengthAt int
	count    uint32
}

func newStateWriter(typ tftypes.Object, list string) *stateWriter {
	w := &stateWriter{typ: typ, list: list}
	w.wire.enc = msgpack.NewEncoder(&w.buf)
	w.wire.object(true, len(typ.AttributeTypes))
	w.wire.key(list)
	w.lengthAt = w.buf.Len()
	w.buf.Write([]byte{0xdd, 0, 0, 0, 0}) // array 32, whatever the count
	return w
}

// element counts one more list element and returns the wire to write it to.
func (w *stateWriter) element() *wire {
	w.count++
	return &w.wire
}

// finish writes every other attribute from values and returns the encoding.
func (w *stateWriter) finish(values map[string]tftypes.Value) ([]byte, error) {
	if w.wire.err != nil {
		return nil, w.wire.err
	}
	binary.BigEndian.PutUint32(w.buf.Bytes()[w.lengthAt+1:], w.count)
	for _, name := range slices.Sorted(maps.Keys(w.typ.AttributeTypes)) {
		if name == w.list {
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
		w.buf.Write(encoded.MsgPack)
	}
	return w.buf.Bytes(), w.wire.err
}

// setStateFromWire sets a single-object data source's state from its wire
// form, which encode writes: the same encoders serve the lists and the
// single objects.
func setStateFromWire(ctx context.Context, resp *datasource.ReadResponse, encode func(*wire)) {
	var buf bytes.Buffer
	w := wire{enc: msgpack.NewEncoder(&buf)}
	encode(&w)
	if w.err != nil {
		resp.Diagnostics.AddError("Unable to encode the data source's state", "This is a bug in the provider: "+w.err.Error())
		return
	}
	state, err := (&tfprotov6.DynamicValue{MsgPack: buf.Bytes()}).Unmarshal(resp.State.Schema.Type().TerraformType(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Unable to decode the data source's state", "This is a bug in the provider: "+err.Error())
		return
	}
	resp.State.Raw = state
}

func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func boolValue(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }

// schemaType is the object type of a data source's schema.
func schemaType(s schema.Schema) tftypes.Object {
	//nolint:forcetypeassert // a schema's type is always an object
	return s.Type().TerraformType(context.Background()).(tftypes.Object)
}
