package statewire

// chunks holds a state's bytes as they are written: a run of chunks that
// double in size up to maxChunk, so that a state of tens of MiB grows without
// the copies and the dead earlier arrays of a doubling buffer. bytes() hands
// out the whole as one slice of exactly its size, which gRPC needs.
type chunks struct {
	filled [][]byte
	size   int
}

const (
	firstChunk = 4 << 10
	maxChunk   = 1 << 20
)

// Len is the number of bytes written.
func (c *chunks) Len() int { return c.size }

// write appends p.
func (c *chunks) write(p []byte) {
	c.size += len(p)
	for len(p) > 0 {
		last := c.room()
		k := copy((*last)[len(*last):cap(*last)], p)
		*last = (*last)[:len(*last)+k]
		p = p[k:]
	}
}

// writeByte appends b.
func (c *chunks) writeByte(b byte) {
	last := c.room()
	*last = append(*last, b)
	c.size++
}

// Write and WriteByte make chunks the msgpack encoder's writer (an
// io.ByteWriter spares it a wrapper of its own); they never fail.
func (c *chunks) Write(p []byte) (int, error) {
	c.write(p)
	return len(p), nil
}

func (c *chunks) WriteByte(b byte) error {
	c.writeByte(b)
	return nil
}

// room is the last chunk, a new one if the last is full.
func (c *chunks) room() *[]byte {
	if n := len(c.filled); n > 0 && len(c.filled[n-1]) < cap(c.filled[n-1]) {
		return &c.filled[n-1]
	}
	size := firstChunk
	if n := len(c.filled); n > 0 {
		size = min(2*cap(c.filled[n-1]), maxChunk)
	}
	c.filled = append(c.filled, make([]byte, 0, size))
	return &c.filled[len(c.filled)-1]
}

// patch overwrites the bytes at offset at (already written) with p. The
// chunk is looked for from the end: what is patched (an object's attribute
// count) was mostly written just before.
func (c *chunks) patch(at int, p []byte) {
	i := len(c.filled) - 1
	start := c.size - len(c.filled[i])
	for start > at {
		i--
		start -= len(c.filled[i])
	}
	for len(p) > 0 {
		k := copy(c.filled[i][at-start:], p)
		p, at = p[k:], at+k
		start += len(c.filled[i])
		i++
	}
}

// writeTo appends everything written to dst.
func (c *chunks) writeTo(dst *chunks) {
	for _, chunk := range c.filled {
		dst.write(chunk)
	}
}

// bytes is everything written, as one slice of exactly Len bytes.
func (c *chunks) bytes() []byte {
	out := make([]byte, 0, c.size)
	for _, chunk := range c.filled {
		out = append(out, chunk...)
	}
	return out
}
