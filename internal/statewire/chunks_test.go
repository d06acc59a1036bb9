package statewire

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestChunksHoldWhatWasWritten: whatever is written and patched, in pieces
// of any size and across the chunks' edges, bytes() is what a plain slice
// would hold.
func TestChunksHoldWhatWasWritten(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // a reproducible test, not a secret
	var got chunks
	var want []byte
	piece := func(n int) []byte {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		return p
	}
	for len(want) < 5*maxChunk {
		switch rng.IntN(4) {
		case 0:
			b := byte(rng.Uint32())
			got.writeByte(b)
			want = append(want, b)
		case 1:
			p := piece(rng.IntN(3 * firstChunk))
			got.write(p)
			want = append(want, p...)
		case 2:
			p := piece(rng.IntN(maxChunk + maxChunk/2)) // longer than a chunk
			got.write(p)
			want = append(want, p...)
		case 3:
			if len(want) < 8 {
				continue
			}
			p := piece(1 + rng.IntN(8))
			at := rng.IntN(len(want) - len(p) + 1)
			got.patch(at, p)
			copy(want[at:], p)
		}
		if got.Len() != len(want) {
			t.Fatalf("Len %d, want %d", got.Len(), len(want))
		}
	}
	// Patches astride every edge between two chunks.
	edge := 0
	for _, chunk := range got.filled[:len(got.filled)-1] {
		edge += len(chunk)
		p := piece(4)
		got.patch(edge-2, p)
		copy(want[edge-2:], p)
	}
	if whole := got.bytes(); !bytes.Equal(whole, want) || len(whole) != cap(whole) {
		t.Fatalf("bytes() differs from what was written (len %d cap %d, want len %d)", len(whole), cap(whole), len(want))
	}
}

// TestALargeStateIsWholeAndItsChunksAreLetGo: a state past largeState (the
// path that gives its memory back) decodes to every element and id written,
// and the writer holds on to none of its chunks afterwards.
func TestALargeStateIsWholeAndItsChunksAreLetGo(t *testing.T) {
	element := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "name": tftypes.String, "unread_count": tftypes.Number}}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"id": tftypes.String, "truncated": tftypes.Bool, "conversations": tftypes.List{ElementType: element}, IDs: tftypes.List{ElementType: tftypes.String},
	}}
	w := NewStateWriter(typ, "conversations")
	n := 0
	for ; w.buf.Len() < largeState+maxChunk; n++ {
		e := w.Element(fmt.Sprintf("cnv_%026d", n))
		e.Object(3)
		e.Name("id")
		e.String(fmt.Sprintf("cnv_%026d", n))
		e.Name("name")
		e.String("Sari Dewi, +628600598901, 2026-11-27T08:00:00Z")
		e.Name("unread_count")
		e.Int(int64(n))
		e.End()
	}
	state, err := w.Finish(tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, "all"), "truncated": tftypes.NewValue(tftypes.Bool, false),
		"conversations": tftypes.NewValue(typ.AttributeTypes["conversations"], nil), IDs: tftypes.NewValue(typ.AttributeTypes[IDs], nil),
	}))
	if err != nil {
		t.Fatal(err)
	}
	if w.buf.Len() != 0 || w.buf.filled != nil || w.ids.filled != nil {
		t.Errorf("the writer still holds %d bytes in %d chunks", w.buf.Len(), len(w.buf.filled))
	}
	decoded, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(typ)
	if err != nil {
		t.Fatalf("a state of %d bytes does not decode: %v", len(state), err)
	}
	var attributes map[string]tftypes.Value
	var list, ids []tftypes.Value
	if err := decoded.As(&attributes); err != nil {
		t.Fatal(err)
	}
	if err := attributes["conversations"].As(&list); err != nil || len(list) != n {
		t.Fatalf("%d conversations, want %d (%v)", len(list), n, err)
	}
	if err := attributes[IDs].As(&ids); err != nil || len(ids) != n {
		t.Fatalf("%d ids, want %d (%v)", len(ids), n, err)
	}
	var id string
	if err := attributes["id"].As(&id); err != nil || id != "all" {
		t.Fatalf("id %q (%v)", id, err)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		var conversation map[string]tftypes.Value
		var id, idInList string
		unread := new(big.Float)
		if err := list[i].As(&conversation); err != nil {
			t.Fatal(err)
		}
		if conversation["id"].As(&id) != nil || ids[i].As(&idInList) != nil || id != fmt.Sprintf("cnv_%026d", i) || idInList != id {
			t.Fatalf("element %d has id %q and ids[%d] %q", i, id, i, idInList)
		}
		if err := conversation["unread_count"].As(&unread); err != nil || unread.Cmp(big.NewFloat(float64(i))) != 0 {
			t.Fatalf("element %d has unread_count %v (%v)", i, unread, err)
		}
	}
}
