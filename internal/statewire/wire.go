package statewire

import (
	"fmt"

	"github.com/vmihailenco/msgpack/v5"
)

// Wire writes values in the msgpack form terraform decodes: objects as maps
// from attribute name to value (in any order), null as nil. An object is
// begun with the number of attributes it will hold (Object), which its header
// takes at once, and ended with End, which checks that exactly that many
// were written. The first error sticks (Err).
type Wire struct {
	buf *chunks
	enc *msgpack.Encoder
	err error
	// open are the objects begun and not yet ended, innermost last.
	open []openObject
	// values counts the values begun outside any object: a StateWriter's
	// elements.
	values int
}

// openObject is an object being written: how many attributes it declared,
// and how many it has so far.
type openObject struct {
	declared, written int
}

func newWire(buf *chunks) *Wire {
	return &Wire{buf: buf, enc: msgpack.NewEncoder(buf)}
}

// Err is the first error met.
func (w *Wire) Err() error { return w.err }

func (w *Wire) check(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

// begin counts a value begun outside any object.
func (w *Wire) begin() {
	if len(w.open) == 0 {
		w.values++
	}
}

// Object begins an object of n attributes.
func (w *Wire) Object(n int) {
	w.begin()
	w.check(w.enc.EncodeMapLen(n))
	w.open = append(w.open, openObject{declared: n})
}

// End ends the innermost object.
func (w *Wire) End() {
	if len(w.open) == 0 {
		w.check(fmt.Errorf("an object was ended that was never begun"))
		return
	}
	o := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	if o.written != o.declared {
		w.check(fmt.Errorf("an object declared %d attributes and wrote %d", o.declared, o.written))
	}
}

// Name writes the name of the innermost object's next attribute; its value
// follows.
func (w *Wire) Name(name string) {
	if len(w.open) == 0 {
		w.check(fmt.Errorf("attribute %q is outside any object", name))
		return
	}
	w.open[len(w.open)-1].written++
	w.check(w.enc.EncodeString(name))
}

// String writes a string value.
func (w *Wire) String(v string) { w.begin(); w.check(w.enc.EncodeString(v)) }

// Int writes a number value.
func (w *Wire) Int(v int64) { w.begin(); w.check(w.enc.EncodeInt(v)) }

// Null writes null.
func (w *Wire) Null() { w.begin(); w.check(w.enc.EncodeNil()) }

// Encode is the bytes of one value, written by write: for tests of what a
// caller writes, and values outside a state.
func Encode(write func(*Wire)) ([]byte, error) {
	var buf chunks
	w := newWire(&buf)
	write(w)
	if w.err == nil && len(w.open) != 0 {
		w.err = fmt.Errorf("%d objects were begun and never ended", len(w.open))
	}
	return buf.bytes(), w.err
}
