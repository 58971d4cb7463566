package web

import (
	"reflect"
	"testing"
)

func TestHighlight(t *testing.T) {
	text := "Génocide & war crimes"
	got := highlight(text, []span{{0, 9, "genocide"}, {0, 22, "crimes"}, {12, 22, "war_crimes"}, {2, 4, "broken"}, {5, 99, "outside"}})
	want := []segment{{"Génocide", []string{"genocide", "crimes"}}, {" & ", []string{"crimes"}}, {"war crimes", []string{"crimes", "war_crimes"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("highlight = %q, want %q", got, want)
	}
}
