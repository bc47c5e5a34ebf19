"""The `pingshen` CLI per the contract: JSON shapes, exit codes, one-line errors."""
import json

import pytest

from assistant.cli import main

from .conftest import DEMO


def test_search_json_shape(env, cli):
    code, out, _ = cli("search", "研發投入強度", "--k", "2", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["query"] == "研發投入強度" and len(doc["hits"]) == 2
    hit = doc["hits"][0]
    assert {"doc", "ref", "text", "score"} <= set(hit)
    assert (hit["doc"], hit["ref"]) == ("miit-2023-draft", "附件 指标体系 序号7")
    assert out.count("\n") == 1  # exactly one JSON document


def test_search_with_doc_and_readable_output(env, cli):
    code, out, _ = cli("search", "复核", "--doc", "miit-2012-47")
    assert code == 0 and "检索：复核" in out and "[miit-2012-47 四、(二)]" in out


@pytest.mark.parametrize(
    "argv",
    [("search", "  "), ("search", "复核", "--doc", "nope"), ("search", "复核", "--k", "0"), ("corpus", "show", "nope"),
     ("search",)],
)
def test_bad_input_exits_2_with_one_line(env, capsys, argv):
    code, out, err = run_exit(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("错误 / error:")


def run_exit(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as e:  # argparse usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def test_corpus_list_and_show(env, cli):
    code, out, _ = cli("corpus", "list", "--json")
    ids = [d["id"] for d in json.loads(out)["documents"]]
    assert ids[:5] == ["miit-2012-47", "miit-2016-212", "miit-2023-draft", "miit-2025-250", "henan-2012-7"]
    code, out, _ = cli("corpus", "show", "miit-2025-250")
    assert code == 0 and "[八、(一)]" in out and "⚠ 乱码" in out
    code, out, _ = cli("corpus", "show", "miit-2023-draft", "--json")
    doc = json.loads(out)
    assert doc["number"] == "" and doc["status"] == "draft"
    assert any(c["ref"] == "第八条" for c in doc["clauses"])


def test_rules_json(env, cli):
    code, out, _ = cli("rules", "--json")
    doc = json.loads(out)
    assert code == 0 and len([r for r in doc["rules"] if r["table"] == "core"]) == 29
    assert doc["eligibility"]["clause"]["ref"] == "第八条"


GUANGDONG = """广东省关于支持产业园区高质量发展的若干措施

一、总体要求
（一）各地级以上市要推动园区主导产业集聚，园区研发投入强度力争达到3%以上。
（二）园区单位土地产出每年提高5%。

二、保障措施
（一）每两年对省级示范园区开展一次复核评估，不合格的予以摘牌。
"""


def test_corpus_add_indexes_new_document_and_refuses_bad_ones(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(tmp_path / "data"))
    src = tmp_path / "gd.txt"
    src.write_text(GUANGDONG, encoding="utf-8")
    code, out, err = cli("corpus", "add", str(src), "--id", "guangdong-2024-3", "--title", "广东省园区措施",
                         "--date", "2024-03-01", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["id"] == "guangdong-2024-3" and added["script"] == "simplified" and added["clauses"] >= 5
    code, out, _ = cli("search", "每两年复核评估一次", "--doc", "guangdong-2024-3", "--k", "1", "--json")
    assert json.loads(out)["hits"][0]["ref"] == "二、(一)"

    before = (tmp_path / "data" / "corpus" / "documents.json").read_text(encoding="utf-8")
    bad = [
        ("corpus", "add", str(src), "--id", "guangdong-2024-3", "--title", "重复", "--date", "2024"),  # duplicate id
        ("corpus", "add", str(src), "--id", "Bad_ID", "--title", "x", "--date", "2024"),  # bad id
        ("corpus", "add", str(tmp_path / "missing.txt"), "--id", "gd-x", "--title", "x", "--date", "2024"),
        ("corpus", "add", str(src), "--id", "gd-y", "--title", "x", "--date", "24 March"),
    ]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    bad += [("corpus", "add", str(empty), "--id", "gd-z", "--title", "x", "--date", "2024"),
            ("corpus", "add", str(fake_pdf), "--id", "gd-w", "--title", "x", "--date", "2024")]
    for argv in bad:
        code, out, err = cli(*argv)
        assert code == 2 and len(err.strip().splitlines()) == 1, (argv, err)
    assert (tmp_path / "data" / "corpus" / "documents.json").read_text(encoding="utf-8") == before
    code, out, _ = cli("corpus", "list", "--json")
    assert [d["id"] for d in json.loads(out)["documents"]][-1] == "guangdong-2024-3"


def test_corpus_add_pdf(tmp_path, monkeypatch, cli):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = tmp_path / "policy.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(["一、總體要求", "（一）園區每三年開展一次成效評估。", "（二）研發投入強度不低於3%。"]):
        c.drawString(72, 760 - 20 * i, line)
    c.save()
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(tmp_path / "data"))
    code, out, err = cli("corpus", "add", str(pdf), "--id", "taiwan-demo-1", "--title", "示例", "--date", "2025",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["script"] == "traditional"
    code, out, _ = cli("corpus", "show", "taiwan-demo-1", "--json")
    assert [c["ref"] for c in json.loads(out)["clauses"]] == ["一、", "一、(一)", "一、(二)"]


def test_ui_refuses_a_public_address_without_a_users_file(env, cli):
    code, out, err = cli("ui", "--host", "0.0.0.0", "--port", "8599")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "用户文件" in err


def test_users_add_and_list(env, cli, monkeypatch, tmp_path):
    import io

    users = tmp_path / "users.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    code, out, _ = cli("users", "add", "张三", "--role", "审查专家", "--display", "张审查", "--users", str(users),
                       "--password-stdin")
    assert code == 0 and "张三" in out
    assert "a-long-password" not in users.read_text(encoding="utf-8")  # only the bcrypt hash is kept
    code, out, _ = cli("users", "list", "--users", str(users), "--json")
    assert code == 0 and json.loads(out)["users"] == [{"user": "张三", "display": "张审查", "role": "审查专家"}]
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = cli("users", "add", "李四", "--role", "工作人员", "--users", str(users), "--password-stdin")
    assert code == 2 and "密码至少" in err


@pytest.mark.parametrize("bad", ["²", "１２", "99999999999999999999999", "0", "-3"])
def test_workspace_ids_are_ascii_digits_within_range(env, cli, bad):
    code, out, err = cli("workspace", "show", bad)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "申报编号" in err


def test_a_session_name_must_be_a_short_safe_file_name(env, cli):
    code, _, err = cli("ask", "示范基地多久评估一次？", "--session", "x" * 300)
    assert code == 2 and "会话名" in err
    code, _, err = cli("ask", "示范基地多久评估一次？", "--session", "../../etc")
    assert code == 2 and "会话名" in err


def test_a_score_sheet_under_a_regular_file_is_one_line_of_error(env, cli, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    code, out, err = cli("scoresheet", str(DEMO / "D02.pdf"), "-o", str(blocker / "评分表.xlsx"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "无法写出评分表" in err


def test_an_absurd_override_value_is_refused(env, cli):
    code, out, err = cli("override", "1", "core-7", "--status", "met", "--reason", "核对", "--value", "1e999999")
    assert code == 2 and "超出合理范围" in err


@pytest.mark.parametrize("rule,value", [("core-7", "180"), ("core-7", "-3"), ("core-1", "-350"), ("core-1", "2e9")])
def test_an_override_value_outside_the_indicators_range_is_refused(env, cli, rule, value):
    code, out, err = cli("override", "1", rule, "--status", "met", "--reason", "核对", "--value", value)
    assert code == 2 and "超出合理范围" in err and rule in err and len(err.strip().splitlines()) == 1


def test_a_data_dir_that_is_a_file_and_one_with_url_characters(cli, tmp_path, monkeypatch):
    afile = tmp_path / "plain-file"
    afile.write_text("x")
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(afile))
    code, _, err = cli("workspace", "list")
    assert code == 2 and "PINGSHEN_DATA_DIR" in err
    odd = tmp_path / "a?b#c"
    monkeypatch.setenv("PINGSHEN_DATA_DIR", str(odd))
    code, _, _ = cli("workspace", "list", "--json")
    assert code == 0 and (odd / "workspace.sqlite3").is_file()


def test_a_control_character_in_an_applicant_name_is_dropped_from_the_workbook(tmp_path):
    from openpyxl import load_workbook

    from assistant.scoresheet import ApplicantSheet, write_xlsx

    sheet = ApplicantSheet(file="x.pdf", applicant="汉江\x08开发区", basis="一般标准", domain=None, rows=())
    write_xlsx([sheet], tmp_path / "s.xlsx")
    wb = load_workbook(tmp_path / "s.xlsx")
    assert any("汉江开发区" in str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
