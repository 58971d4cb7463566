// r2p: type-ahead for long multiple selects (the countries of the sign-on
// form). Without JavaScript the page keeps its plain <select multiple>; with
// it, the select stays in the form as the value carrier, hidden, and a text
// field offers the options whose names contain what is typed, accents and
// case ignored. Chosen options show as buttons that remove them.
"use strict";

(function () {
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var d = select.dataset;
    var options = Array.prototype.slice.call(select.options).map(function (o) {
      return { option: o, key: fold(o.text) + " " + o.value.toLowerCase() };
    });
    var box = document.createElement("div");
    box.className = "typeahead";
    var chosen = document.createElement("ul");
    chosen.className = "chosen";
    chosen.setAttribute("aria-live", "polite");
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    input.placeholder = d.typeaheadPlaceholder || "";
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.id = select.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);

    // The label now names the text field; the select keeps its name only.
    select.id = select.id + "-select";
    select.required = false;
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    box.appendChild(chosen);
    box.appendChild(input);
    box.appendChild(list);
    select.parentNode.insertBefore(box, select.nextSibling);

    var active = -1;
    var matches = [];

    function renderChosen() {
      chosen.textContent = "";
      options.forEach(function (o) {
        if (!o.option.selected) return;
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.className = "chip";
        b.textContent = o.option.text + " ×";
        b.setAttribute("aria-label", (d.typeaheadRemove || "Remove") + " " + o.option.text);
        b.addEventListener("click", function () {
          o.option.selected = false;
          renderChosen();
          input.focus();
        });
        li.appendChild(b);
        chosen.appendChild(li);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0 && list.children[i]) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(o) {
      o.option.selected = true;
      // Choosing an option checks the radio button it belongs to, if any.
      var radio = select.dataset.typeaheadSelects && document.getElementById(select.dataset.typeaheadSelects);
      if (radio) radio.checked = true;
      input.value = "";
      close();
      renderChosen();
      input.focus();
    }

    function suggest() {
      var q = fold(input.value.trim());
      list.textContent = "";
      if (q === "") {
        close();
        return;
      }
      matches = options.filter(function (o) {
        return !o.option.selected && o.key.indexOf(q) >= 0;
      });
      // Names that start with what was typed come first.
      matches.sort(function (a, b) {
        return (a.key.indexOf(q) === 0 ? 0 : 1) - (b.key.indexOf(q) === 0 ? 0 : 1);
      });
      matches = matches.slice(0, 8);
      if (matches.length === 0) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = d.typeaheadNone || "";
        list.appendChild(none);
      }
      matches.forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = o.option.text;
        li.addEventListener("mousedown", function (e) {
          e.preventDefault(); // keep the focus in the field
          choose(o);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(matches.length > 0 ? 0 : -1);
    }

    input.addEventListener("input", suggest);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && matches.length > 0) {
        e.preventDefault();
        highlight((active + 1) % matches.length);
      } else if (e.key === "ArrowUp" && matches.length > 0) {
        e.preventDefault();
        highlight((active - 1 + matches.length) % matches.length);
      } else if (e.key === "Enter" && !list.hidden) {
        e.preventDefault(); // choosing a country does not send the form
        if (active >= 0) choose(matches[active]);
      } else if (e.key === "Escape") {
        close();
      } else if (e.key === "Backspace" && input.value === "") {
        var last = options.filter(function (o) { return o.option.selected; }).pop();
        if (last) {
          last.option.selected = false;
          renderChosen();
        }
      }
    });
    renderChosen();
  }

  document.querySelectorAll("select[multiple][data-typeahead]").forEach(enhance);
})();
