package statewire

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// TestObjectsHoldTheirDeclaredCount: an object's header holds the count it
// declared, nested objects included, at any size (no 15-attribute cliff),
// and an object that writes another number of attributes is an error rather
// than a state terraform cannot decode.
func TestObjectsHoldTheirDeclaredCount(t *testing.T) {
	var buf chunks
	w := newWire(&buf)
	w.Object(3)
	w.Name("a")
	w.String("1")
	w.Name("b")
	w.Object(2)
	w.Name("c")
	w.Int(2)
	w.Name("d")
	w.Null()
	w.End()
	w.Name("e")
	w.Null()
	w.End()
	var got map[string]any
	if err := msgpack.Unmarshal(buf.bytes(), &got); err != nil || w.Err() != nil {
		t.Fatal(err, w.Err())
	}
	if len(got) != 3 || len(got["b"].(map[string]any)) != 2 || got["e"] != nil { //nolint:forcetypeassert // a test
		t.Fatalf("got %v", got)
	}

	for _, n := range []int{15, 16, 40, 70000} {
		buf = chunks{}
		w = newWire(&buf)
		w.Object(n)
		for i := range n {
			w.Name(fmt.Sprintf("attribute%d", i))
			w.Int(int64(i))
		}
		w.End()
		got = nil
		if err := msgpack.Unmarshal(buf.bytes(), &got); err != nil || w.Err() != nil || len(got) != n {
			t.Fatalf("an object of %d attributes: %d decoded, %v %v", n, len(got), err, w.Err())
		}
	}

	for declared, written := range map[int]int{2: 1, 1: 2, 0: 1} {
		buf = chunks{}
		w = newWire(&buf)
		w.Object(declared)
		for range written {
			w.Name("a")
			w.Null()
		}
		w.End()
		if w.Err() == nil || !strings.Contains(w.Err().Error(), "declared") {
			t.Fatalf("declared %d, wrote %d: want an error, got %v", declared, written, w.Err())
		}
	}
	w = newWire(&chunks{})
	w.Name("outside")
	if w.Err() == nil {
		t.Fatal("an attribute outside any object must be an error")
	}
}

// TestEachElementIsOneValue: a state writer refuses an element written as
// no value or as two, which would shift every element after it.
func TestEachElementIsOneValue(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"labels": tftypes.List{ElementType: tftypes.String}, IDs: tftypes.List{ElementType: tftypes.String},
	}}
	rest := tftypes.NewValue(typ, map[string]tftypes.Value{
		"labels": tftypes.NewValue(typ.AttributeTypes["labels"], nil), IDs: tftypes.NewValue(typ.AttributeTypes[IDs], nil),
	})
	for name, write := range map[string]func(*StateWriter){
		"none": func(w *StateWriter) { w.Element("lbl_1"); w.Element("lbl_2").String("b") },
		"two":  func(w *StateWriter) { e := w.Element("lbl_1"); e.String("a"); e.String("b") },
	} {
		w := NewStateWriter(typ, "labels")
		write(w)
		if _, err := w.Finish(rest); err == nil || !strings.Contains(err.Error(), "values were written for") {
			t.Errorf("%s: want an error, got %v", name, err)
		}
	}
	w := NewStateWriter(typ, "labels")
	w.Element("lbl_1").String("a")
	w.Element("lbl_2").String("b")
	if _, err := w.Finish(rest); err != nil {
		t.Fatal(err)
	}
}
