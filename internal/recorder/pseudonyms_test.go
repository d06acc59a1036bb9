package recorder

import (
	"fmt"
	"strings"
	"testing"
)

func TestCallingCodes(t *testing.T) {
	for number, want := range map[string]string{
		"+14155550123": "1", "+79161234567": "7", "+6281234567890": "62", "+447700900123": "44", "+35312345678": "353",
		"+2250701234567": "225", "+85291234567": "852", "+97150123456": "971", "+201001234567": "20", "+8613800138000": "86",
	} {
		if got := callingCode(number[1:]); got != want {
			t.Errorf("%s: country code %q, want %q", number, got, want)
		}
	}
}

func TestPhonePseudonymsKeepTheirCountryAndLength(t *testing.T) {
	p := newPseudonyms([]byte("k"))
	for _, v := range []string{"+6281234567890", "+14155550123", "+35312345678", "+1234567", "0812-3456-789", "unknown"} {
		p.add(customerPhone, v)
	}
	if err := p.assign(); err != nil {
		t.Fatal(err)
	}
	for v, want := range map[string]string{"+6281234567890": "+620", "+14155550123": "+10", "+35312345678": "+3530", "+1234567": "+10"} {
		got := p.pseudonym(customerPhone, v)
		if !strings.HasPrefix(got, want) || len(got) != len(v) || !e164.MatchString(got) || strings.Trim(got[len(want):], "0123456789") != "" {
			t.Errorf("%s became %s: want %s and digits, as long", v, got, want)
		}
	}
	if got := p.pseudonym(customerPhone, "0812-3456-789"); len(got) != 13 || got[4] != '-' || got[9] != '-' || got == "0812-3456-789" {
		t.Errorf("a number not in E.164 keeps its layout, not its digits: %s", got)
	}
	if got := p.pseudonym(customerPhone, "unknown"); !strings.HasPrefix(got, "scrubbed-") {
		t.Errorf("a phone field without digits: %s", got)
	}
	if p.pseudonym(customerPhone, "") != "" {
		t.Error("an empty value is no data and stays empty")
	}
}

// TestPseudonymsStepAsideForWhatTheRecordingHolds: a derivation that is a
// value the recording holds (personal, or kept such as a WhatsApp number)
// or another value's pseudonym is passed over; a space that runs out is an
// error, not a collision.
func TestPseudonymsStepAsideForWhatTheRecordingHolds(t *testing.T) {
	probe := newPseudonyms([]byte("k"))
	first := probe.derive(customerPhone, "+6281234567890", 0)

	p := newPseudonyms([]byte("k"))
	p.add(customerPhone, "+6281234567890")
	p.keep(first) // the organization's own number, say
	if err := p.assign(); err != nil {
		t.Fatal(err)
	}
	if got := p.pseudonym(customerPhone, "+6281234567890"); got == first || got != probe.derive(customerPhone, "+6281234567890", 1) {
		t.Errorf("got %s, want the next derivation after %s", got, first)
	}

	// Seven digits with a one-digit code: "+1", "0" and five digits, 100,000
	// pseudonyms; 2,000 numbers get 2,000 of them.
	p = newPseudonyms([]byte("k"))
	for i := range 2000 {
		p.add(customerPhone, fmt.Sprintf("+1%06d", 200000+i))
	}
	if err := p.assign(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for v := range p.of[customerPhone] {
		got := p.pseudonym(customerPhone, v)
		if seen[got] {
			t.Fatalf("%s twice", got)
		}
		seen[got] = true
	}

	// A phone field of three digits not in E.164 keeps its layout: "a000"
	// to "a999" are all the values of its form, and the recording holds
	// every one of them. No pseudonym is left: an error, not a collision.
	p = newPseudonyms([]byte("k"))
	for i := range 1000 {
		p.add(customerPhone, fmt.Sprintf("a%03d", i))
	}
	if err := p.assign(); err == nil || !strings.Contains(err.Error(), "found no pseudonym for one of the customer phone numbers") {
		t.Fatalf("got %v", err)
	}
}

func TestScrubValuesKeepsKeysTypesAndOrder(t *testing.T) {
	in := `{"z":"Jalan Mawar 3","a":{"n":12.5,"b":[true,null,"x",-3e2,[]],"e":""},"k\u00e9y":"caf\u00e9","m":{}}`
	got, err := scrubValues([]byte(in), func(s string) string { return "<" + s + ">" })
	if err != nil {
		t.Fatal(err)
	}
	want := `{"z":"<Jalan Mawar 3>","a":{"n":0,"b":[true,null,"<x>",0,[]],"e":"<>"},"kéy":"<café>","m":{}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, v := range []string{"null", ""} {
		if got, err := scrubValues([]byte(v), nil); err != nil || string(got) != v {
			t.Errorf("%q: %q, %v", v, got, err)
		}
	}
}
