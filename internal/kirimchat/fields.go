package kirimchat

// A record's reader is one table of field rows: each documented member's
// name, whether the contract lets it be null, and how its value is read into
// the record. The set of members every answer must carry is the table's
// names, so a field cannot be listed without being read, or read without
// being required. TestTheClientsTablesFollowTheContract holds every table to
// the contract's schema (internal/sandbox/fixture.schema.json).

// field is one row of a record's table.
type field[R any] struct {
	name string
	// nullable: a null leaves the field at its zero value (a nil pointer);
	// otherwise null is an error, like any value of the wrong type.
	nullable bool
	// read reads a value that is not null.
	read func(*decoder, *R) error
	// nested is the table of an object's fields, for Fields.
	nested func() []Field
}

// fields is a record's table, in the contract's order.
type fields[R any] []field[R]

// required is a field that is never null.
func required[R any](name string, read func(*decoder, *R) error) field[R] {
	return field[R]{name: name, read: read}
}

// nullable is a field that may be null.
func nullable[R any](name string, read func(*decoder, *R) error) field[R] {
	return field[R]{name: name, nullable: true, read: read}
}

// nestedObject is a field whose value is an object read with table nested
// into the record's *N (get gives where it goes), null when allowed.
func nestedObject[R, N any](name string, isNullable bool, nested fields[N], get func(*R) **N) field[R] {
	return field[R]{name: name, nullable: isNullable, nested: nested.Fields, read: func(d *decoder, r *R) error {
		v := new(N)
		*get(r) = v
		return nested.readObject(d, v)
	}}
}

// embeddedObject is a field whose object is read with nested into the
// record's N itself: an object that is never null.
func embeddedObject[R, N any](name string, nested fields[N], get func(*R) *N) field[R] {
	return field[R]{name: name, nested: nested.Fields, read: func(d *decoder, r *R) error {
		return nested.readObject(d, get(r))
	}}
}

// readObject reads an object with every field of the table into r;
// undocumented members are skipped, after the key check.
func (fs fields[R]) readObject(d *decoder, r *R) error {
	return fs.readObjectWith(d, r, nil)
}

// readObjectWith is readObject with a say on undocumented members: other,
// when set, reads each of them instead of skipping it.
func (fs fields[R]) readObjectWith(d *decoder, r *R, other func(name string) error) error {
	if d.tokens.PeekKind() != '{' {
		return d.notA("an object")
	}
	if _, err := d.tokens.ReadToken(); err != nil {
		return d.syntax(err)
	}
	at := string(d.tokens.StackPointer())
	var seen uint64 // a table has at most 64 fields (TestTheClientsTablesFollowTheContract)
	for d.tokens.PeekKind() != '}' {
		tok, err := d.tokens.ReadToken()
		if err != nil {
			return d.syntax(err)
		}
		name := tok.String()
		if d.holdsKey(name) {
			return d.keyFound()
		}
		i := fs.index(name)
		switch {
		case i >= 0:
			seen |= 1 << i
			err = fs[i].readValue(d, r)
		case other != nil:
			err = other(name)
		default:
			err = d.skip()
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.tokens.ReadToken(); err != nil {
		return d.syntax(err)
	}
	for i, f := range fs {
		if seen&(1<<i) == 0 {
			return &contractError{pointer: at + "/" + f.name, reason: "is missing"}
		}
	}
	return nil
}

func (fs fields[R]) index(name string) int {
	for i := range fs {
		if fs[i].name == name {
			return i
		}
	}
	return -1
}

func (f *field[R]) readValue(d *decoder, r *R) error {
	if f.nullable {
		if null, err := d.null(); null || err != nil {
			return err
		}
	}
	return f.read(d, r)
}

// some is a value read, as the pointer a nullable field holds.
func some[T any](v T, err error) (*T, error) { return &v, err }

// Field describes a documented member of a record as this client reads it:
// its name, whether it may be null, and, for an object, its own fields.
type Field struct {
	Name     string
	Nullable bool
	Object   []Field
}

// Fields describes the table.
func (fs fields[R]) Fields() []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = Field{Name: f.name, Nullable: f.nullable}
		if f.nested != nil {
			out[i].Object = f.nested()
		}
	}
	return out
}

// Records describes every record the client reads, by the contract's name
// for it: "conversation", "contact", "label" and "me" (GET /me's data).
func Records() map[string][]Field {
	return map[string][]Field{
		"conversation": conversationFields.Fields(),
		"contact":      contactFields.Fields(),
		"label":        labelFields.Fields(),
		"me":           meFields.Fields(),
	}
}
