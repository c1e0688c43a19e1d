"""The codebook lists every variable with its codes, French first."""

from html.parser import HTMLParser

from phare.instrument import codebook_html, codebook_markdown, load_instrument


def test_markdown_codebook_lists_every_variable_and_code() -> None:
    inst = load_instrument()
    md = codebook_markdown(inst)
    for var in inst.all_variables:
        assert f"`{var.name}`" in md
    assert "1 = Tout à fait d'accord / Strongly agree" in md
    assert "asked only if coco_ancree in {1, 2}" in md
    assert md.index("Tout à fait d'accord") < md.index("Strongly agree")
    assert "`part_all16`" in md
    # a pipe inside a cell is escaped, so every table row keeps its 5 columns
    for line in md.splitlines():
        if line.startswith("| `"):
            assert line.replace("\\|", "").count("|") in (4, 6)


def test_html_codebook_is_well_formed_and_complete() -> None:
    inst = load_instrument()
    page = codebook_html(inst)
    ids: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                ids.extend(v for k, v in attrs if k == "id" and v)

    Collect().feed(page)
    assert set(ids) >= {v.name for v in inst.all_variables}
    assert "Pas du tout d&#x27;accord" in page
