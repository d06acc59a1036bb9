package provider

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
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

// stateWriter writes an object's msgpack encoding with one list attribute
// streamed: the object's header, the list's key and a fixed-size length
// (patched at the end), the elements as they come, then every other
// attribute. Terraform decodes object attributes in any order.
type stateWriter struct {
	buf       bytes.Buffer
	enc       *msgpack.Encoder
	typ       tftypes.Object
	list      string
	elemType  tftypes.Type
	lengthAt  int
	count     uint32
	encodeErr error
}

func newStateWriter(typ tftypes.Object, list string) *stateWriter {
	w := &stateWriter{typ: typ, list: list}
	//nolint:forcetypeassert // list names a list attribute of the schema; every test fails otherwise
	w.elemType = typ.AttributeTypes[list].(tftypes.List).ElementType
	w.enc = msgpack.NewEncoder(&w.buf)
	w.encodeErr = w.enc.EncodeMapLen(len(typ.AttributeTypes))
	if w.encodeErr == nil {
		w.encodeErr = w.enc.EncodeString(list)
	}
	w.lengthAt = w.buf.Len()
	w.buf.Write([]byte{0xdd, 0, 0, 0, 0}) // array 32, whatever the count
	return w
}

// add appends one element of the list.
func (w *stateWriter) add(elem tftypes.Value) {
	if w.encodeErr != nil {
		return
	}
	encoded, err := tfprotov6.NewDynamicValue(w.elemType, elem)
	if err != nil {
		w.encodeErr = err
		return
	}
	w.buf.Write(encoded.MsgPack)
	w.count++
}

// finish writes every other attribute from values and returns the encoding.
func (w *stateWriter) finish(values map[string]tftypes.Value) ([]byte, error) {
	if w.encodeErr != nil {
		return nil, w.encodeErr
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
		if err := w.enc.EncodeString(name); err != nil {
			return nil, err
		}
		w.buf.Write(encoded.MsgPack)
	}
	return w.buf.Bytes(), nil
}
