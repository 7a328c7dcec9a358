//! Data-driven tests for the template engine.
//!
//! `RAW` and `INSPECT` were produced by running the same templates through
//! Go 1.19's `text/template` with docker/cli's template functions: `RAW` over
//! the JSON decoded as docker/cli's inspect fallback decodes it, `INSPECT`
//! through docker/cli's inspect flow (typed struct first, raw
//! `missingkey=error` fallback) over Go structs matching `CONTAINER`. Where
//! the Go 1.23 that Docker 29 is built with, or a deliberate limit,
//! differs from Go 1.19, the expectation is adjusted and says why.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::tabwriter::tabwrite;

/// Runs a template over raw JSON and reports like the Go oracle did.
fn run(missing_key_error: bool, template: &str, data: &str, model: DataModel) -> String {
    let t = match Template::parse(template) {
        Ok(t) => t,
        Err(e) => return format!("PARSEERR: {e}"),
    };
    let data: Value = serde_json::from_str(data).unwrap_or(Value::Null);
    let opts = ExecOptions {
        model,
        missing_key_error,
        ..ExecOptions::default()
    };
    match t.execute(&data, &opts) {
        Ok(s) => s,
        Err(f) => format!("ERR: {} ||partial={}", f.error, f.partial),
    }
}

/// (missingkey=error, template, data, expected).
const RAW: &[(bool, &str, &str, &str)] = &[
    (false, "{{.A.B}}", "{\"A\":{\"C\":1}}", "<no value>"),
    (true, "{{.A.B}}", "{\"A\":{\"C\":1}}", "ERR: template: :1:4: executing \"\" at <.A.B>: map has no entry for key \"B\" ||partial="),
    (true, "{{.Foo}}", "{\"A\":1}", "ERR: template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\" ||partial="),
    // json.Number text is the daemon's Go encoding of the number.
    (false, "{{.A}} {{.N}} {{.F}} {{.E}}", "{\"A\":null,\"N\":12,\"F\":1.50,\"E\":1e21}", "<no value> 12 1.5 1e+21"),
    (false, "{{.}}", "{\"b\":[1,null,\"x\"],\"a\":{\"z\":true}}", "map[a:map[z:true] b:[1 <nil> x]]"),
    (false, "{{index .A 3}}", "{\"A\":[1,2,3]}", "ERR: template: :1:2: executing \"\" at <index .A 3>: error calling index: reflect: slice index out of range ||partial="),
    (false, "{{index .A 4}}", "{\"A\":[1,2,3]}", "ERR: template: :1:2: executing \"\" at <index .A 4>: error calling index: index out of range: 4 ||partial="),
    (false, "{{.A.B.C}}", "{\"A\":null}", "ERR: template: :1:4: executing \"\" at <.A.B.C>: nil pointer evaluating interface {}.B ||partial="),
    (false, "{{.A.Foo}}", "{\"A\":\"str\"}", "ERR: template: :1:4: executing \"\" at <.A.Foo>: can't evaluate field Foo in type interface {} ||partial="),
    (false, "{{printf \"%v %v %v %v %v\" 1e6 123456.0 1234567.0 1e20 1e21}}", "{}", "1e+06 123456 1.234567e+06 1e+20 1e+21"),
    (false, "{{printf \"%v %v\" 0.0001 0.00001}}", "{}", "0.0001 1e-05"),
    // Go 1.22+ escapes \b and \f briefly.
    // json.Number text is the daemon's Go encoding of the number (1.0 is "1").
    (false, "{{json .}}", "{\"b\":\"<a&b>\\u2028\\b\\f\\u0001\",\"a\":1.0}", "{\"a\":1,\"b\":\"<a&b>\\u2028\\b\\f\\u0001\"}"),
    (false, "{{.Foo", "{}", "PARSEERR: template: :1: unclosed action"),
    (false, "{{.Foo}", "{}", "PARSEERR: template: :1: bad character U+007D '}'"),
    (false, "a\n{{.Foo\n}}", "{}", "a\n<no value>"),
    (false, "{{foo}}", "{}", "PARSEERR: template: :1: function \"foo\" not defined"),
    (false, "{{if}}", "{}", "PARSEERR: template: :1: missing value for if"),
    (false, "{{end}}", "{}", "PARSEERR: template: :1: unexpected {{end}}"),
    (false, "{{if .A}}", "{}", "PARSEERR: template: :1: unexpected EOF"),
    (false, "{{range .A}}{{.}}{{else}}", "{}", "PARSEERR: template: :1: unexpected EOF"),
    (false, "{{)}}", "{}", "PARSEERR: template: :1: unexpected \")\" in command"),
    (false, "{{.A | printf \"%s\" }}}", "{}", "%!s(<nil>)}"),
    (false, "{{lower .N}}", "{\"N\":1}", "ERR: template: :1:8: executing \"\" at <.N>: wrong type for value; expected string; got json.Number ||partial="),
    (false, "{{lower .Missing}}", "{}", "ERR: template: :1:8: executing \"\" at <.Missing>: invalid value; expected string ||partial="),
    (false, "{{join .A \",\"}}", "{\"A\":[\"a\"]}", "ERR: template: :1:7: executing \"\" at <.A>: wrong type for value; expected []string; got []interface {} ||partial="),
    (false, "{{len .N}}", "{\"N\":123}", "3"),
    (false, "{{eq .N \"123\"}}", "{\"N\":123}", "true"),
    (false, "{{eq .N 123}}", "{\"N\":123}", "ERR: template: :1:2: executing \"\" at <eq .N 123>: error calling eq: incompatible types for comparison ||partial="),
    (false, "{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", "{\"b\":1,\"a\":2}", "a=2;b=1;"),
    // Go 1.22+ ranges over integers.
    (false, "{{range 3}}x{{end}}", "{}", "xxx"),
    (false, "{{len .Missing}}", "{}", "ERR: template: :1:2: executing \"\" at <len .Missing>: error calling len: reflect: call of reflect.Value.Type on zero Value ||partial="),
    (false, "{{truncate .S -1}}", "{\"S\":\"abc\"}", "ERR: template: :1:2: executing \"\" at <truncate .S -1>: error calling truncate: runtime error: slice bounds out of range [:-1] ||partial="),
    (false, "{{pad .S -1 0}}", "{\"S\":\"abc\"}", "ERR: template: :1:2: executing \"\" at <pad .S -1 0>: error calling pad: strings: negative Repeat count ||partial="),
    (false, "{{index .S 3}}", "{\"S\":\"abc\"}", "ERR: template: :1:2: executing \"\" at <index .S 3>: error calling index: reflect: string index out of range ||partial="),
    (false, "{{index .S 1}}", "{\"S\":\"abc\"}", "98"),
    (false, "{{index .M \"x\"}}", "{\"M\":{}}", "<no value>"),
    (false, "{{index .M 1}}", "{\"M\":{}}", "ERR: template: :1:2: executing \"\" at <index .M 1>: error calling index: value has type int; should be string ||partial="),
    (false, "{{index .A \"x\"}}", "{\"A\":[1]}", "ERR: template: :1:2: executing \"\" at <index .A \"x\">: error calling index: cannot index slice/array with type string ||partial="),
    (false, "{{index .A .N}}", "{\"A\":[1],\"N\":0}", "ERR: template: :1:2: executing \"\" at <index .A .N>: error calling index: cannot index slice/array with type json.Number ||partial="),
    (false, "{{index .A 0 1}}", "{\"A\":[1]}", "ERR: template: :1:2: executing \"\" at <index .A 0 1>: error calling index: reflect: string index out of range ||partial="),
    (false, "{{index .Missing 1}}", "{}", "ERR: template: :1:2: executing \"\" at <index .Missing 1>: error calling index: index of untyped nil ||partial="),
    (false, "{{slice .S 1 2}}", "{\"S\":\"abc\"}", "b"),
    (false, "{{slice .A 1}}", "{\"A\":[1,2,3]}", "[2 3]"),
    (false, "{{slice .A 2 1}}", "{\"A\":[1,2,3]}", "ERR: template: :1:2: executing \"\" at <slice .A 2 1>: error calling slice: invalid slice index: 2 > 1 ||partial="),
    (false, "{{slice .A 0 1 2 3}}", "{\"A\":[1,2,3]}", "ERR: template: :1:2: executing \"\" at <slice .A 0 1 2 3>: error calling slice: too many slice indexes: 4 ||partial="),
    (false, "{{eq .A .A}}", "{\"A\":[1,2,3]}", "ERR: template: :1:2: executing \"\" at <eq .A .A>: error calling eq: non-comparable type [1 2 3]: []interface {} ||partial="),
    (false, "{{eq .A .M}}", "{\"A\":[1,2,3],\"M\":{\"a\":1}}", "ERR: template: :1:2: executing \"\" at <eq .A .M>: error calling eq: non-comparable types [1 2 3]: []interface {}, map[string]interface {}: map[a:1] ||partial="),
    (false, "{{eq .X nil}}", "{}", "true"),
    (false, "{{eq .X .Y}}", "{\"X\":null}", "true"),
    (false, "{{lt 1 2.0}}", "{}", "ERR: template: :1:2: executing \"\" at <lt 1 2.0>: error calling lt: incompatible types for comparison ||partial="),
    (false, "{{lt .A 2}}", "{\"A\":[1]}", "ERR: template: :1:2: executing \"\" at <lt .A 2>: error calling lt: invalid type for comparison ||partial="),
    (false, "{{lt true false}}", "{}", "ERR: template: :1:2: executing \"\" at <lt true false>: error calling lt: invalid type for comparison ||partial="),
    (false, "{{and 1 0 2}} {{or 0 \"\" .X}} {{and}}", "{}", "ERR: template: :1:31: executing \"\" at <and>: wrong number of args for and: want at least 1 got 0 ||partial=0 <no value> "),
    (false, "{{not .A}} {{not 0}}", "{\"A\":[]}", "true true"),
    (false, "{{html \"<a&b>\" .Missing 3}} {{js \"a'b\\u0001\"}} {{urlquery \"a b&c\"}}", "{}", "&lt;a&amp;b&gt;&lt;no value&gt;3 a\\'b\\u0001 a+b%26c"),
    (false, "{{print 1 2 \"a\" 3 .N}} {{println 1 \"x\"}}", "{\"N\":5}", "1 2a35 1 x\n"),
    (false, "{{printf \"%d %s %v %q %x %5.2f|%-5d|%05d|%+d\" 3 \"s\" .A \"q\" \"hi\" 3.14159 7 42 5}}", "{\"A\":[1,\"b\"]}", "3 s [1 b] \"q\" 6869  3.14|7    |00042|+5"),
    (false, "{{printf \"%d\" .A}} {{printf \"%s %s\" 1}} {{printf \"%s\" 1 2}} {{printf \"%!\"}} {{printf \"%[2]d %[1]d\" 1 2}} {{printf \"%[3]d\" 1}} {{printf \"%\"}}", "{\"A\":[\"x\",1]}", "[%!d(string=x) %!d(json.Number=1)] %!s(int=1) %!s(MISSING) %!s(int=1)%!(EXTRA int=2) %!!(MISSING) 2 1 %!d(BADINDEX) %!(NOVERB)"),
    (false, "{{printf \"%v|%+v|%#v|%T\" . . . .}}", "{\"b\":[1,null],\"a\":\"x\"}", "map[a:x b:[1 <nil>]]|map[a:x b:[1 <nil>]]|map[string]interface {}{\"a\":\"x\", \"b\":[]interface {}{\"1\", interface {}(nil)}}|map[string]interface {}"),
    (false, "{{printf \"%*d|%-*d|%.*f|%*d\" 5 1 3 2 2 3.14159 \"x\" 4}}", "{}", "    1|2  |3.14|%!(BADWIDTH)4"),
    (false, "{{printf \"%c %U %#U %q %x %o %b %#x %#o %X\" 65 9731 9731 65 255 8 5 255 8 255}}", "{}", "A U+2603 U+2603 '☃' 'A' ff 10 101 0xff 010 FF"),
    (false, "{{printf \"%e %E %g %G %.3g %8.3e %v\" 1234.5678 0.000012 1e21 1e-7 1234.5678 1234.5678 1.0}}", "{}", "1.234568e+03 1.200000E-05 1e+21 1E-07 1.23e+03 1.235e+03 1"),
    (false, "{{printf \"%t %v %5t\" true false true}}", "{}", "true false  true"),
    (false, "{{printf \"%s|%10s|%-10s|%.2s|%q|%#q|%+q|% x|%#x\" \"héllo\" \"héllo\" \"héllo\" \"héllo\" \"a\\tb\" \"a`b\" \"é\" \"ab\" \"ab\"}}", "{}", "héllo|     héllo|héllo     |hé|\"a\\tb\"|\"a`b\"|\"\\u00e9\"|61 62|0x6162"),
    (false, "{{printf \"%v %d %s\" nil nil nil}}", "{}", "<nil> %!d(<nil>) %!s(<nil>)"),
    (false, "{{printf \"%v %s %d\" .N .N .N}}", "{\"N\":12}", "12 12 %!d(json.Number=12)"),
    (false, "{{printf \"%05s|%-05d|%x|%X\" \"ab\" 3 -255 \"hi\"}}", "{}", "000ab|3    |-ff|6869"),
    (false, "{{split \"a,b,c\" \",\"}} {{split \"abc\" \"\"}} {{join (split \"a b\" \" \") \"-\"}} {{len (split \"\" \",\")}}", "{}", "[a b c] [a b c] a-b 1"),
    (false, "{{title \"hello wORLD-foo_bar\"}} {{upper \"straße\"}} {{lower \"ÀB\"}}", "{}", "Hello WORLD-Foo_bar STRAßE àb"),
    // json.Number text is the daemon's Go encoding of the number.
    (false, "{{json .}} {{json .A}} {{json \"x\"}} {{json 1.5}} {{json .Missing}} {{json nil}}", "{\"A\":[1,{\"b\":null}],\"z\":1e100}", "{\"A\":[1,{\"b\":null}],\"z\":1e+100} [1,{\"b\":null}] \"x\" 1.5 null null"),
    (false, "{{range $i, $e := .A}}{{$i}}:{{$e}} {{end}}", "{\"A\":[\"x\",\"y\"]}", "0:x 1:y "),
    (false, "{{range .A}}{{.}}{{else}}empty{{end}}", "{\"A\":[]}", "empty"),
    (false, "{{range .S}}{{.}}{{end}}", "{\"S\":\"abc\"}", "ERR: template: :1:8: executing \"\" at <.S>: range can't iterate over abc ||partial="),
    (false, "{{with .A}}{{.}}{{else}}no{{end}} {{with .B}}{{.}}{{else}}no{{end}}", "{\"A\":\"x\"}", "x no"),
    (false, "{{if .A}}a{{else if .B}}b{{else}}c{{end}}", "{\"B\":1}", "b"),
    (false, "{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{end}}{{$x}}", "{}", "2"),
    (false, "{{range .A}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}|{{range .A}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}", "{\"A\":[1,2,3]}", "ERR: template: :1:17: executing \"\" at <eq . 2>: error calling eq: incompatible types for comparison ||partial="),
    (false, "{{define \"x\"}}[{{.}}]{{end}}{{template \"x\" .A}}{{block \"y\" .B}}<{{.}}>{{end}}", "{\"A\":1,\"B\":2}", "[1]<2>"),
    (false, "{{template \"nope\"}}", "{}", "ERR: template: :1:11: executing \"\" at <{{template \"nope\"}}>: template \"nope\" not defined ||partial="),
    (false, "{{.A.B}}", "{\"A\":[1]}", "ERR: template: :1:4: executing \"\" at <.A.B>: can't evaluate field B in type interface {} ||partial="),
    (false, "{{$.A}} {{$}}", "{\"A\":1}", "1 map[A:1]"),
    (false, "{{(index .A 0).B}}", "{\"A\":[{\"B\":\"c\"}]}", "c"),
    (false, "{{.A 1}}", "{\"A\":1}", "ERR: template: :1:2: executing \"\" at <.A>: A is not a method but has arguments ||partial="),
    (false, "{{1 2}}", "{}", "ERR: template: :1:2: executing \"\" at <1>: can't give argument to non-function 1 ||partial="),
    (false, "{{nil}}", "{}", "ERR: template: :1:2: executing \"\" at <nil>: nil is not a command ||partial="),
    (false, "{{.}}", "null", "<no value>"),
    (false, "{{.A}}", "null", "<no value>"),
    (true, "{{.A}}", "null", "ERR: template: :1:2: executing \"\" at <.A>: nil data; no entry for key \"A\" ||partial="),
    (false, "{{'a'}} {{0x1F}} {{1e3}} {{1.5}} {{-0}} {{1_000}} {{0b11}} {{0o17}} {{017}} {{'\\n'}}", "{}", "97 31 1000 1.5 0 1000 3 15 15 10"),
    (false, "{{99999999999999999999}}", "{}", "PARSEERR: template: :1: integer overflow: \"99999999999999999999\""),
    (false, "{{18446744073709551615}}", "{}", "ERR: template: :1:2: executing \"\" at <18446744073709551615>: 18446744073709551615 overflows int ||partial="),
    (false, "{{1i}}", "{}", "(0+1i)"),
    (false, "{{1+2i}}", "{}", "(1+2i)"),
    (false, "{{.Foo", "{}", "PARSEERR: template: :1: unclosed action"),
    (false, "{{.Foo}", "{}", "PARSEERR: template: :1: bad character U+007D '}'"),
    (false, "a\n{{.Foo\n", "{}", "PARSEERR: template: :3: unclosed action started at :2"),
    (false, "{{foo}}", "{}", "PARSEERR: template: :1: function \"foo\" not defined"),
    (false, "{{if}}", "{}", "PARSEERR: template: :1: missing value for if"),
    (false, "{{end}}", "{}", "PARSEERR: template: :1: unexpected {{end}}"),
    (false, "{{else}}", "{}", "PARSEERR: template: :1: unexpected {{else}}"),
    (false, "{{if .A}}", "{}", "PARSEERR: template: :1: unexpected EOF"),
    (false, "{{if .A}}{{else}}{{else}}{{end}}", "{}", "PARSEERR: template: :1: expected end; found {{else}}"),
    (false, "{{range .A}}{{else if .B}}{{end}}", "{}", "PARSEERR: template: :1: unexpected <if> in input"),
    // Go 1.23+ has {{else with}}.
    (false, "{{with .A}}a{{else with .B}}b{{else}}c{{end}}", "{\"B\":1}", "b"),
    (false, "{{)}}", "{}", "PARSEERR: template: :1: unexpected \")\" in command"),
    (false, "{{(}}", "{}", "PARSEERR: template: :1: unclosed left paren"),
    (false, "{{(.A}}", "{}", "PARSEERR: template: :1: unclosed left paren"),
    (false, "{{.A)}}", "{}", "PARSEERR: template: :1: unexpected \")\" in command"),
    (false, "{{$x}}", "{}", "PARSEERR: template: :1: undefined variable \"$x\""),
    (false, "{{$x := 1}}{{$x := 2}}{{$x}}", "{}", "2"),
    (false, "{{$x = 1}}", "{}", "ERR: template: :1:7: executing \"\" at <1>: undefined variable: $x ||partial="),
    (false, "{{break}}", "{}", "PARSEERR: template: :1: {{break}} outside {{range}}"),
    (false, "{{range .A}}{{break 1}}{{end}}", "{}", "PARSEERR: template: :1: unexpected \"1\" in {{break}}"),
    (false, "{{.A | 1}}", "{}", "PARSEERR: template: :1: non executable command in pipeline stage 2"),
    (false, "{{.A | .B}}", "{\"A\":1}", "ERR: template: :1:7: executing \"\" at <.B>: B is not a method but has arguments ||partial="),
    (false, "{{\"x\".A}}", "{}", "PARSEERR: template: :1: unexpected . after term \"\\\"x\\\"\""),
    (false, "{{.A.}}", "{}", "PARSEERR: template: :1: unexpected <.> in operand"),
    (false, "{{..A}}", "{}", "PARSEERR: template: :1: unexpected . after term \".\""),
    (false, "{{1.2.3}}", "{}", "PARSEERR: template: :1: unexpected \".3\" in operand"),
    (false, "{{0x}}", "{}", "PARSEERR: template: :1: illegal number syntax: \"0x\""),
    (false, "{{'ab'}}", "{}", "PARSEERR: template: :1: malformed character constant: 'ab'"),
    (false, "{{'a}}", "{}", "PARSEERR: template: :1: unterminated character constant"),
    (false, "{{\"\\q\"}}", "{}", "PARSEERR: template: :1: invalid syntax"),
    (false, "{{`a\nb`}}", "{}", "a\nb"),
    (false, "{{/* c */}}x{{/* d", "{}", "PARSEERR: template: :1: unclosed comment"),
    (false, "{{/* c */ }}", "{}", "PARSEERR: template: :1: comment ends before closing delimiter"),
    (false, "{{- /* c */ -}}", "{}", ""),
    (false, "  a  {{- .A -}}  b  ", "{\"A\":1}", "  a1b  "),
    (false, "a {{-.A}}", "{\"A\":1}", "PARSEERR: template: :1: bad number syntax: \"-.A\""),
    (false, "{{define \"x\"}}a{{end}}{{define \"x\"}}b{{end}}", "{}", "PARSEERR: template: :1: template: multiple definition of template \"x\""),
    (false, "{{define \"x\"}}{{end}}{{define \"x\"}}b{{end}}{{template \"x\"}}", "{}", "b"),
    (false, "{{define x}}a{{end}}", "{}", "PARSEERR: template: :1: unexpected \"x\" in define clause"),
    (false, "{{template \"x\" .}}{{define \"x\"}}<{{.A}}>{{end}}", "{\"A\":3}", "<3>"),
    (false, "{{if .A}}{{define \"x\"}}{{end}}{{end}}", "{}", "PARSEERR: template: :1: unexpected <define> in command"),
    (false, "{{range $i, $e, $f := .A}}{{end}}", "{}", "PARSEERR: template: :1: too many declarations in range"),
    (false, "{{with $x, $y := .A}}{{end}}", "{}", "PARSEERR: template: :1: too many declarations in with"),
    (false, "{{range $i, 1}}{{end}}", "{}", "PARSEERR: template: :1: range can only initialize variables"),
    (false, "{{index}}", "{}", "ERR: template: :1:2: executing \"\" at <index>: wrong number of args for index: want at least 1 got 0 ||partial="),
    (false, "{{len 1 2}}", "{}", "ERR: template: :1:2: executing \"\" at <len>: wrong number of args for len: want 1 got 2 ||partial="),
    (false, "{{printf}}", "{}", "ERR: template: :1:2: executing \"\" at <printf>: wrong number of args for printf: want at least 1 got 0 ||partial="),
    (false, "{{.A.B | printf \"%s\"}}", "{\"A\":{\"B\":\"x\"}}", "x"),
    (false, "{{\"a\" | printf \"%s-%s\" \"b\"}}", "{}", "b-a"),
    (false, "{{3 | printf \"%d\"}}", "{}", "3"),
    (false, "{{printf \"%d\" | len}}", "{}", "12"),
    (false, "{{lower 3}}", "{}", "ERR: template: :1:8: executing \"\" at <3>: expected string; found 3 ||partial="),
    (false, "{{pad \"a\" \"b\" 1}}", "{}", "ERR: template: :1:10: executing \"\" at <\"b\">: expected integer; found \"b\" ||partial="),
    (false, "{{join \"a\" \",\"}}", "{}", "ERR: template: :1:7: executing \"\" at <\"a\">: can't handle \"a\" for arg of type []string ||partial="),
    (false, "{{join nil \",\"}}", "{}", ""),
    (false, "{{lower nil}}", "{}", "ERR: template: :1:8: executing \"\" at <nil>: cannot assign nil to string ||partial="),
    (false, "{{json}}", "{}", "ERR: template: :1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 0 ||partial="),
    (false, "{{.A}}\n{{.B.C}}", "{\"A\":1,\"B\":\"s\"}", "ERR: template: :2:4: executing \"\" at <.B.C>: can't evaluate field C in type interface {} ||partial=1\n"),
    (false, "{{if .A}}\n  {{.B.C}}{{end}}", "{\"A\":1,\"B\":\"s\"}", "ERR: template: :2:6: executing \"\" at <.B.C>: can't evaluate field C in type interface {} ||partial=\n  "),
    (false, "{{range .A}}{{.X}}{{end}}", "{\"A\":[1]}", "ERR: template: :1:14: executing \"\" at <.X>: can't evaluate field X in type interface {} ||partial="),
    (false, "{{$x := .A}}{{$x.Y}}", "{\"A\":\"s\"}", "ERR: template: :1:16: executing \"\" at <$x.Y>: can't evaluate field Y in type string ||partial="),
    (false, "{{(.A).Y}}", "{\"A\":\"s\"}", "ERR: template: :1:3: executing \"\" at <.A>: can't evaluate field Y in type string ||partial="),
    (false, "{{len .}}{{len .A}}{{len .S}}", "{\"A\":[1,2],\"S\":\"héllo\"}", "226"),
    (false, "{{index . \"A\"}} {{index .M \"k\"}}", "{\"A\":[1,2],\"M\":{\"k\":\"v\"}}", "[1 2] v"),
    (false, "{{ .A }} {{- \" x \" -}} {{ .A }}", "{\"A\":1}", "1 x 1"),
    (false, "{{$}}", "[1,2]", "[1 2]"),
    (false, "{{.}}", "\"str\"", "str"),
    (false, "{{.X}}", "\"str\"", "ERR: template: :1:2: executing \"\" at <.X>: can't evaluate field X in type string ||partial="),
    (false, "{{.X}}", "[1]", "ERR: template: :1:2: executing \"\" at <.X>: can't evaluate field X in type []interface {} ||partial="),
    (false, "{{range .}}{{.}},{{end}}", "[1,\"a\",null,true,{\"k\":[]}]", "1,a,<no value>,true,map[k:[]],"),
    (false, "{{with .A}}{{.}}{{end}}", "{\"A\":0}", "0"),
    (false, "{{if not .A}}no{{end}}{{if and .A .B}}x{{end}}{{if or .A .B}}y{{end}}", "{\"B\":\"1\"}", "noy"),
    (false, "{{eq .A \"x\" \"y\"}} {{ne .A \"x\"}} {{lt .A \"z\"}} {{le .A \"x\"}} {{gt .A \"a\"}} {{ge .A \"y\"}}", "{\"A\":\"x\"}", "true false true true true false"),
    (false, "{{eq 1 1}} {{eq 1.5 1.5}} {{lt 1 2}} {{gt 2.5 1.5}} {{eq true false}} {{eq \"a\" 1}}", "{}", "ERR: template: :1:72: executing \"\" at <eq \"a\" 1>: error calling eq: incompatible types for comparison ||partial=true true true true false "),
    (false, "{{eq}}", "{}", "ERR: template: :1:2: executing \"\" at <eq>: wrong number of args for eq: want at least 1 got 0 ||partial="),
    (false, "{{eq 1}}", "{}", "ERR: template: :1:2: executing \"\" at <eq 1>: error calling eq: missing argument for comparison ||partial="),
    (false, "{{call .A}}", "{\"A\":1}", "ERR: template: :1:2: executing \"\" at <call .A>: error calling call: non-function of type json.Number ||partial="),
    (false, "{{call .X}}", "{}", "ERR: template: :1:2: executing \"\" at <call .X>: error calling call: call of nil ||partial="),
    (false, "{{slice \"abc\" 1 2 3}}", "{}", "ERR: template: :1:2: executing \"\" at <slice \"abc\" 1 2 3>: error calling slice: cannot 3-index slice a string ||partial="),
    (false, "{{slice .A 1 2 3}} {{slice .A 0 0}}", "{\"A\":[1,2,3]}", "[2] []"),
    (false, "{{slice 3}}", "{}", "ERR: template: :1:2: executing \"\" at <slice 3>: error calling slice: can't slice item of type int ||partial="),
    (false, "{{index 3 1}}", "{}", "ERR: template: :1:2: executing \"\" at <index 3 1>: error calling index: can't index item of type int ||partial="),
    (false, "{{index .A -1}}", "{\"A\":[1]}", "ERR: template: :1:2: executing \"\" at <index .A -1>: error calling index: index out of range: -1 ||partial="),
    (false, "{{index .A nil}}", "{\"A\":[1]}", "ERR: template: :1:2: executing \"\" at <index .A nil>: error calling index: cannot index slice/array with nil ||partial="),
    (false, "{{index .M nil}}", "{\"M\":{}}", "ERR: template: :1:2: executing \"\" at <index .M nil>: error calling index: value is nil; should be of type string ||partial="),
    (false, "{{printf \"%s\" .A}}", "{\"A\":{\"z\":1,\"a\":[true,null]}}", "map[a:[%!s(bool=true) <nil>] z:1]"),
    (false, "{{printf \"%d %x %q %v %s\" .A .A .A .A .A}}", "{\"A\":{\"b\":\"y\"}}", "map[%!d(string=b):%!d(string=y)] map[62:79] map[\"b\":\"y\"] map[b:y] map[b:y]"),
    (false, "{{printf \"%6.2f|%-8.3s|%+.1e|% d|%x|%X\" 3.14159 \"abcdef\" 12345.678 5 \"hi\" 255}}", "{}", "  3.14|abc     |+1.2e+04| 5|6869|FF"),
    (false, "{{printf \"%08.3f|%-08d|%+08d|%#v|%#v|%#v\" -3.14159 42 42 \"s\" 1.5 true}}", "{}", "-003.142|42      |+0000042|\"s\"|1.5|true"),
    (false, "{{printf \"%v %v %v %v\" 100000000.0 0.000001 123456789.0 1e-320}}", "{}", "1e+08 1e-06 1.23456789e+08 1e-320"),
    (false, "{{printf \"%.0f %.1f %.2f %.3g %g\" 0.5 0.25 1.005 0.0001234 100.0}}", "{}", "0 0.2 1.00 0.000123 100"),
    (false, "{{printf \"%#g %#.3g %#e %#f\" 1.0 2.0 3.0 4.0}}", "{}", "1.00000 2.00 3.000000e+00 4.000000"),
    (false, "{{printf \"%[1]*d|%-[2]*d|%[3]d%[1]d\" 4 2 9}}", "{}", "   2|9 |94"),
    (false, "{{printf \"%.*d|%.*d\" -1 5 2 5}}", "{}", "%!(BADPREC)5|05"),
    (false, "{{printf \"%U %#U %c %q\" -1 0x110000 0x110000 -5}}", "{}", "U+FFFFFFFFFFFFFFFF U+110000 � '�'"),
    (false, "{{printf \"%5%|%-5c|%05c\" 97 97}}", "{}", "%|a    |0000a"),
    (false, "{{printf \"%T %T %T %T %T %T\" 1 \"s\" 1.5 true nil .A}}", "{\"A\":[1]}", "int string float64 bool <nil> []interface {}"),
    (false, "{{printf \"%s|%q|%x|% X|%#x\" .A .A .A .A .A}}", "{\"A\":[\"ab\",\"c\"]}", "[ab c]|[\"ab\" \"c\"]|[6162 63]|[61 62 63]|[0x6162 0x63]"),
    (false, "{{printf \"%v|%d\" .A .A}}", "{\"A\":[[1,2],[3]]}", "[[1 2] [3]]|[[%!d(json.Number=1) %!d(json.Number=2)] [%!d(json.Number=3)]]"),
    (false, "{{printf \"%!\" 1}}|{{printf \"%-\" 1}}|{{printf \"%.\" 1}}|{{printf \"%3\"}}|{{printf \"%[x]d\" 1}}|{{printf \"%[0]d\" 1}}|{{printf \"%[1\" 1}}", "{}", "%!!(int=1)|%!(NOVERB)%!(EXTRA int=1)|%!.(int=1)|%!(NOVERB)|%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)"),
    (false, "{{printf \"%d %d\" 1 2 3 4}}|{{printf \"%[1]d\" 1 2}}|{{printf \"%*d\" \"a\" 2}}|{{printf \"%.*d\" \"a\" 2}}", "{}", "1 2%!(EXTRA int=3, int=4)|1|%!(BADWIDTH)2|%!(BADPREC)2"),
    (false, "{{printf \"%ü %é\" 1}}", "{}", "%!ü(int=1) %!é(MISSING)"),
    (false, "{{print}}|{{print nil}}|{{print nil nil}}|{{print \"a\" nil \"b\"}}|{{print 1 2.5 true}}|{{println}}|{{println \"a\" 1}}", "{}", "|<nil>|<nil> <nil>|a<nil>b|1 2.5 true|\n|a 1\n"),
    (false, "{{print .A .M}}", "{\"A\":[1],\"M\":{\"x\":null}}", "[1] map[x:<nil>]"),
    (false, "{{html .A}}|{{html 1 \"<\"}}|{{urlquery \"é/ü?\" 3}}|{{js \"</script>\"}}", "{\"A\":[\"<b>\"]}", "[&lt;b&gt;]|1&lt;|%C3%A9%2F%C3%BC%3F3|\\u003C/script\\u003E"),
    (false, "{{json .A}}|{{json .S}}|{{json .N}}|{{json true}}|{{json 1e21}}|{{json 0.0000001}}|{{json 123456789.0}}", "{\"A\":{\"b\":1,\"a\":\"é\\u0000\\u007f\\u2029\"},\"S\":\"a\\\"b\\\\c\\n\\t\\r\",\"N\":null}", "{\"a\":\"é\\u0000\u{7f}\\u2029\",\"b\":1}|\"a\\\"b\\\\c\\n\\t\\r\"|null|true|1e+21|1e-7|123456789"),
    (false, "{{upper \"héllo\"}} {{lower \"HÉLLO\"}} {{title \"élan vital\"}} {{title \"a.b c-d e_f 1a\"}}", "{}", "HÉLLO héllo Élan Vital A.B C-D E_f 1a"),
    (false, "{{pad \"a\" 2 3}}|{{pad \"\" 2 3}}|{{truncate \"hello\" 3}}|{{truncate \"hi\" 3}}|{{truncate \"hi\" 2}}", "{}", "  a   ||hel|hi|hi"),
    (false, "{{split \"a--b--\" \"--\"}} {{len (split \"a--b--\" \"--\")}} {{index (split \"x,y\" \",\") 1}}", "{}", "[a b ] 3 y"),
    (false, "{{join .A \",\"}}", "{\"A\":[\"a\",\"b\"]}", "ERR: template: :1:7: executing \"\" at <.A>: wrong type for value; expected []string; got []interface {} ||partial="),
    (false, "{{range $k, $v := .M}}{{$k}}={{$v}};{{else}}none{{end}}", "{\"M\":{}}", "none"),
    (false, "{{range .A}}{{range .}}{{.}}{{end}};{{end}}", "{\"A\":[[1,2],[3]]}", "12;3;"),
    (false, "{{range $i, $x := .A}}{{$i}}{{$x}}{{$}}{{end}}", "{\"A\":[\"p\"]}", "0pmap[A:[p]]"),
    (false, "{{range .A}}{{$}}{{end}}", "{\"A\":[1]}", "map[A:[1]]"),
    (false, "{{$x := 0}}{{range .A}}{{$x = .}}{{end}}{{$x}}", "{\"A\":[1,2,3]}", "3"),
    (false, "{{range $x := .A}}{{end}}{{$x}}", "{\"A\":[1]}", "PARSEERR: template: :1: undefined variable \"$x\""),
    (false, "{{with $x := .A}}{{$x}}{{.}}{{end}}", "{\"A\":\"v\"}", "vv"),
    (false, "{{if $x := .A}}{{$x}}{{else}}{{$x}}{{end}}", "{\"A\":0}", "0"),
    (false, "{{.A 1 2}}", "{\"A\":{\"B\":1}}", "ERR: template: :1:2: executing \"\" at <.A>: A is not a method but has arguments ||partial="),
    (false, "{{.A.B 1}}", "{\"A\":{\"B\":1}}", "ERR: template: :1:4: executing \"\" at <.A.B>: B is not a method but has arguments ||partial="),
    (false, "{{1 | .A}}", "{\"A\":{\"B\":1}}", "ERR: template: :1:6: executing \"\" at <.A>: A is not a method but has arguments ||partial="),
    (false, "{{$x := 1}}{{$x 2}}", "{}", "ERR: template: :1:13: executing \"\" at <$x>: can't give argument to non-function $x ||partial="),
    (false, "{{. 1}}", "{}", "ERR: template: :1:2: executing \"\" at <.>: can't give argument to non-function . ||partial="),
    (false, "{{(1) 2}}", "{}", "ERR: template: :1:2: executing \"\" at <(1) 2>: can't give argument to non-function 1 ||partial="),
    (false, "{{\"a\" | \"b\"}}", "{}", "PARSEERR: template: :1: non executable command in pipeline stage 2"),
    (false, "{{.A | not}}", "{\"A\":1}", "false"),
    (false, "{{.A | and .B}}|{{.A | or .B}}", "{\"A\":1,\"B\":0}", "1|0"),
    // our depth limit is 32, Go's 100000.
    (false, "{{template \"a\"}}{{define \"a\"}}{{template \"a\"}}{{end}}", "{}", "ERR: template: :1:41: executing \"a\" at <{{template \"a\"}}>: exceeded maximum template depth (32) ||partial="),
];

#[test]
fn raw_json_matches_go() {
    for &(mke, template, data, want) in RAW {
        assert_eq!(
            run(mke, template, data, DataModel::Raw),
            want,
            "template {template:?} over {data:?}"
        );
    }
}

/// The container `docker inspect` examples run against: a Go struct in
/// Docker, JSON here.
const CONTAINER: &str = r#"{"Id":"4bed76d3ad428b889c56c1ecc2bf2ed95cb08256db22dc5ef5863e1d03252a19","Name":"/test","Args":["-g","daemon off;"],"RestartCount":0,"State":{"Status":"running","Running":true,"Pid":1234},"Config":{"Hostname":"4bed76d3ad42","Cmd":["nginx","-g","daemon off;"],"Labels":{"maintainer":"NGINX Docker Maintainers","com.example.vendor":"ACME"}},"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}],"443/tcp":null},"Networks":{"bridge":{"IPAddress":"172.17.0.2","Aliases":null,"MacAddress":"02:42:ac:11:00:02"},"mynet":{"IPAddress":"172.18.0.2","Aliases":["web","test"],"MacAddress":"02:42:ac:12:00:02"}}}}"#;

/// (template, `docker inspect -f` output or error).
const INSPECT: &[(&str, &str)] = &[
    ("{{.Name}}", "/test"),
    ("{{.Id}}", "4bed76d3ad428b889c56c1ecc2bf2ed95cb08256db22dc5ef5863e1d03252a19"),
    ("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "172.17.0.2172.18.0.2"),
    ("{{json .NetworkSettings.Ports}}", "{\"443/tcp\":null,\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"},{\"HostIp\":\"::\",\"HostPort\":\"8080\"}]}"),
    ("{{range $p, $conf := .NetworkSettings.Ports}} {{$p}} -> {{(index $conf 0).HostPort}} {{end}}", "template parsing error: template: :1:59: executing \"\" at <index $conf 0>: error calling index: index of untyped nil"),
    ("{{join .Args \" , \"}}", "-g , daemon off;"),
    ("{{lower .Name}}", "/test"),
    ("{{upper .State.Status}}", "RUNNING"),
    ("{{.Foo}}", "template parsing error: template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\""),
    ("{{.State.Foo}}", "template parsing error: template: :1:8: executing \"\" at <.State.Foo>: map has no entry for key \"Foo\""),
    ("{{.Config.Labels.foo}}", "<no value>"),
    ("{{.Config.Labels.maintainer}}", "NGINX Docker Maintainers"),
    ("{{index .Config.Labels \"com.example.vendor\"}}", "ACME"),
    ("{{index .Config.Labels \"nope\"}}", ""),
    ("{{.State}}", "{running true 1234}"),
    ("{{.Config.Labels}}", "map[com.example.vendor:ACME maintainer:NGINX Docker Maintainers]"),
    ("{{.NetworkSettings.Ports}}", "map[443/tcp:[] 80/tcp:[{0.0.0.0 8080} {:: 8080}]]"),
    ("{{.Args}}", "[-g daemon off;]"),
    ("{{.RestartCount}} {{.State.Pid}} {{.State.Running}}", "0 1234 true"),
    ("{{json .State}}", "{\"Status\":\"running\",\"Running\":true,\"Pid\":1234}"),
    ("{{json .Config}}", "{\"Hostname\":\"4bed76d3ad42\",\"Cmd\":[\"nginx\",\"-g\",\"daemon off;\"],\"Labels\":{\"com.example.vendor\":\"ACME\",\"maintainer\":\"NGINX Docker Maintainers\"}}"),
    ("{{json .Config.Labels}}", "{\"com.example.vendor\":\"ACME\",\"maintainer\":\"NGINX Docker Maintainers\"}"),
    // Go prints a pointer to a struct with a leading "&"; JSON does not say
    // which nested objects are pointers.
    ("{{printf \"%v|%+v\" .State .State}}", "{running true 1234}|{Status:running Running:true Pid:1234}"),
    ("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}", "com.example.vendor=ACME\nmaintainer=NGINX Docker Maintainers\n"),
    ("{{len .Args}} {{len .Config.Labels}} {{len .NetworkSettings.Networks}}", "2 2 2"),
    ("{{index .State \"Status\"}}", "running"),
    ("{{range .State}}{{.}}{{end}}", "1234truerunning"),
    ("{{.Name.Foo}}", "template parsing error: template: :1:7: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type interface {}"),
    ("{{with .NetworkSettings.Networks.mynet}}{{.Aliases}} {{join .Aliases \",\"}}{{end}}", "[web test] web,test"),
    ("{{with .NetworkSettings.Networks.bridge}}{{len .Aliases}}{{end}}", "0"),
    ("{{if eq .State.Status \"running\"}}up{{else}}down{{end}}", "up"),
    ("{{eq .RestartCount 0}}", "true"),
    ("{{.NetworkSettings.Networks.nope}}", "<no value>"),
    ("{{.NetworkSettings.Networks.nope.IPAddress}}", "<no value>"),
    ("{{lower .RestartCount}}", "template parsing error: template: :1:8: executing \"\" at <.RestartCount>: wrong type for value; expected string; got json.Number"),
    ("{{title .State.Status}}", "Running"),
    ("{{split .Config.Hostname \"d\"}}", "[4be 76 3a 42]"),
    ("{{range .Config.Cmd}}[{{.}}]{{end}}", "[nginx][-g][daemon off;]"),
    ("{{index .Config.Cmd 0}} {{slice .Config.Cmd 1}}", "nginx [-g daemon off;]"),
    ("{{json .Args}} {{json .RestartCount}} {{json .Name}}", "[\"-g\",\"daemon off;\"] 0 \"/test\""),
    ("{{pad .State.Status 1 2}}|{{truncate .Id 12}}", " running  |4bed76d3ad42"),
    ("{{.State.Pid | printf \"%05d\"}}", "01234"),
];

#[test]
fn docker_inspect_matches_go() {
    let data: Value = serde_json::from_str(CONTAINER).unwrap_or(Value::Null);
    for &(template, want) in INSPECT {
        let got = match render(template, &data) {
            Ok(s) => s,
            Err(e) => e,
        };
        assert_eq!(got, want, "template {template:?}");
    }
}

/// `docker inspect` examples from the Docker documentation.
#[test]
fn docker_docs_inspect_examples() {
    let c = json!({
        "Name": "/Web_Server",
        "Args": ["-g", "daemon off;"],
        "LogPath": "/var/lib/docker/containers/4bed/4bed-json.log",
        "Config": {"Image": "nginx:alpine", "Labels": {}},
        "NetworkSettings": {
            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"}]},
            "Networks": {"bridge": {"IPAddress": "172.17.0.2", "MacAddress": "02:42:ac:11:00:02"}}
        }
    });
    let cases: &[(&str, &str)] = &[
        ("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "172.17.0.2"),
        ("{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}", "02:42:ac:11:00:02"),
        ("{{.LogPath}}", "/var/lib/docker/containers/4bed/4bed-json.log"),
        ("{{.Config.Image}}", "nginx:alpine"),
        ("{{.Name}}", "/Web_Server"),
        (
            "{{json .NetworkSettings.Ports}}",
            r#"{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}]}"#,
        ),
        ("{{range $p, $conf := .NetworkSettings.Ports}} {{$p}} -> {{(index $conf 0).HostPort}} {{end}}", " 80/tcp -> 8080 "),
        ("{{join .Args \" , \"}}", "-g , daemon off;"),
        ("{{lower .Name}}", "/web_server"),
        ("{{upper .Name}}", "/WEB_SERVER"),
        ("{{title .Name}}", "/Web_Server"),
        ("{{title \"hello wORLD\"}}", "Hello WORLD"),
        ("{{split .Config.Image \":\"}}", "[nginx alpine]"),
        ("{{pad .Name 2 3}}|", "  /Web_Server   |"),
        ("{{truncate .Name 4}}", "/Web"),
        ("{{json .Config.Labels}}", "{}"),
        ("{{.Foo}}", r#"template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo""#),
        ("{{.Name", "template parsing error: template: :1: unclosed action"),
        ("{{foo .Name}}", r#"template parsing error: template: :1: function "foo" not defined"#),
        ("{{.Name}}}", "/Web_Server}"),
        ("{{if}}{{end}}", "template parsing error: template: :1: missing value for if"),
        ("{{range .Args}}", "template parsing error: template: :1: unexpected EOF"),
    ];
    for &(template, want) in cases {
        let got = render(template, &c).unwrap_or_else(|e| e);
        assert_eq!(got, want, "template {template:?}");
    }
}

/// `docker network inspect -f` over the reference's bridge network (§2.3).
#[test]
fn docker_network_inspect() {
    let net = json!({
        "Name": "bridge",
        "Id": "17e324f459648a9baaea32b248d3884da102dde19396c25b30ec800068ce6b10",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {"Driver": "default", "Options": null, "Config": [{"Subnet": "172.17.0.0/16", "Gateway": "172.17.0.1"}]},
        "Internal": false,
        "Containers": {
            "602dbf1edc81": {"Name": "alpine2", "IPv4Address": "172.17.0.3/16"},
            "da33b7aa74b0": {"Name": "alpine1", "IPv4Address": "172.17.0.2/16"}
        },
        "Options": {"com.docker.network.bridge.name": "docker0", "com.docker.network.driver.mtu": "1500"},
        "Labels": {}
    });
    let cases: &[(&str, &str)] = &[
        ("{{.Name}} {{.Driver}} {{.Scope}}", "bridge bridge local"),
        (
            "{{range .IPAM.Config}}{{.Subnet}} via {{.Gateway}}{{end}}",
            "172.17.0.0/16 via 172.17.0.1",
        ),
        // Containers is a map keyed by ID: ranges in key order.
        ("{{range .Containers}}{{.Name}} {{end}}", "alpine2 alpine1 "),
        (
            "{{range $id, $c := .Containers}}{{$id}}={{$c.IPv4Address}};{{end}}",
            "602dbf1edc81=172.17.0.3/16;da33b7aa74b0=172.17.0.2/16;",
        ),
        (
            "{{index .Options \"com.docker.network.bridge.name\"}}",
            "docker0",
        ),
        (
            "{{json .Options}}",
            r#"{"com.docker.network.bridge.name":"docker0","com.docker.network.driver.mtu":"1500"}"#,
        ),
        (
            "{{json .IPAM}}",
            r#"{"Driver":"default","Options":null,"Config":[{"Subnet":"172.17.0.0/16","Gateway":"172.17.0.1"}]}"#,
        ),
        ("{{.IPAM.Config}}", "[{172.17.0.0/16 172.17.0.1}]"),
        // A nil map in Go prints map[]; JSON null is taken for a nil slice.
        ("{{.IPAM.Options}}", "[]"),
        (
            "{{.EnableIPv6}} {{.Internal}} {{len .Containers}}",
            "false false 2",
        ),
        ("{{if .Labels}}labels{{else}}none{{end}}", "none"),
        (
            "{{.Options}}",
            "map[com.docker.network.bridge.name:docker0 com.docker.network.driver.mtu:1500]",
        ),
    ];
    for &(template, want) in cases {
        assert_eq!(
            render(template, &net).unwrap_or_else(|e| e),
            want,
            "template {template:?}"
        );
    }
}

#[test]
fn format_preprocessing() {
    assert_eq!(split_table_prefix("table {{.ID}}"), (true, "{{.ID}}"));
    assert_eq!(split_table_prefix("table"), (true, ""));
    assert_eq!(split_table_prefix("  {{.ID}} "), (false, "{{.ID}}"));
    assert_eq!(split_table_prefix("tablefoo"), (true, "foo"));
    assert_eq!(
        prepare_format(r"table {{.ID}}\t{{.Name}}"),
        (true, "{{.ID}}\t{{.Name}}".to_owned())
    );
    assert_eq!(
        prepare_format(r"{{.ID}}\n"),
        (false, "{{.ID}}\n".to_owned())
    );
    assert_eq!(prepare_format(r"a\\tb"), (false, "a\\\tb".to_owned()));
    assert_eq!(prepare_format("json"), (false, "{{json .}}".to_owned()));
    assert_eq!(prepare_format("table json"), (true, "json".to_owned()));
}

/// `docker network ls` end to end: header, rows, tabwriter (§2.2).
#[test]
fn docker_network_ls_table() {
    let (table, tmpl) = prepare_format(r"table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}");
    assert!(table);
    let titles = json!({"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE"});
    let mut text = render_header(&tmpl, &titles);
    text.push('\n');
    let opts = ExecOptions {
        root_type: "*formatter.networkContext",
        ..ExecOptions::default()
    };
    for (id, name, driver) in [
        ("17e324f45964", "bridge", "bridge"),
        ("6ed54d316334", "host", "host"),
        ("7092879f2cc8", "none", "null"),
    ] {
        let row = json!({"ID": id, "Name": name, "Driver": driver, "Scope": "local"});
        text.push_str(&render_with(&tmpl, &row, &opts).unwrap_or_else(|e| e));
        text.push('\n');
    }
    assert_eq!(
        tabwrite(&text, 10, 1, 3),
        "NETWORK ID     NAME      DRIVER    SCOPE\n\
         17e324f45964   bridge    bridge    local\n\
         6ed54d316334   host      host      local\n\
         7092879f2cc8   none      null      local\n"
    );
}

/// `docker ps --format` over a formatter context with a `Label` method.
#[test]
fn docker_ps_format() {
    let labels = json!({"com.example": "ACME", "maintainer": "NGINX"});
    let label = |args: &[&str]| -> Result<String, String> {
        Ok(args
            .first()
            .and_then(|k| labels.get(*k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned())
    };
    let methods = [Method {
        name: "Label",
        arity: 1,
        call: &label,
    }];
    let opts = ExecOptions {
        root_type: "*formatter.ContainerContext",
        methods: &methods,
        ..ExecOptions::default()
    };
    let row = json!({
        "ID": "4bed76d3ad42", "Image": "nginx:alpine", "Command": "\"/docker-entrypoint.…\"",
        "RunningFor": "1 second ago", "Status": "Up Less than a second", "Ports": "80/tcp",
        "Names": "test", "Labels": "com.example=ACME,maintainer=NGINX"
    });
    let cases: &[(&str, &str)] = &[
        ("{{.Names}}: {{.Label \"com.example\"}}", "test: ACME"),
        ("{{.Label \"missing\"}}|", "|"),
        ("{{\"maintainer\" | .Label}}", "NGINX"),
        (
            "{{.ID}} {{.Command}} {{.Ports}}",
            "4bed76d3ad42 \"/docker-entrypoint.…\" 80/tcp",
        ),
        ("{{json .Names}}", "\"test\""),
        (
            "{{.Label}}",
            r#"template parsing error: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0"#,
        ),
        (
            "{{.Foo}}",
            r#"template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"#,
        ),
        (
            "{{.Label 3}}",
            r#"template parsing error: template: :1:9: executing "" at <3>: expected string; found 3"#,
        ),
        (
            "{{.Names 1}}",
            r#"template parsing error: template: :1:2: executing "" at <.Names>: Names has arguments but cannot be invoked as function"#,
        ),
    ];
    for &(template, want) in cases {
        assert_eq!(
            render_with(template, &row, &opts).unwrap_or_else(|e| e),
            want,
            "template {template:?}"
        );
    }
    // The table header uses HeaderFunctions: join/lower/… return the title.
    let titles = json!({"ID": "CONTAINER ID", "Names": "NAMES", "Labels": "LABELS"});
    assert_eq!(
        render_header("{{.ID}}\t{{join .Names \",\"}}\t{{upper .Labels}}", &titles),
        "CONTAINER ID\tNAMES\tLABELS"
    );
    assert_eq!(render_header("{{pad .Names 1 1}}|", &titles), " NAMES |");
    // An error stops the header where it happened; Docker prints the rest.
    assert_eq!(
        render_header("{{.ID}}\t{{index .Names \"x\"}}\tx", &titles),
        "CONTAINER ID\t"
    );
    assert_eq!(render_header("{{index .Names 1}}", &titles), "65");
    assert_eq!(render_header("{{.Nope}}", &titles), "<no value>");
}

#[test]
fn limits() {
    let data = json!({"A": [1, 2, 3]});
    let err = |t: &str| render(t, &data).err().unwrap_or_default();

    let long = "x".repeat(MAX_TEMPLATE_LEN + 1);
    assert!(err(&long).contains("longer than"), "{}", err(&long));

    let deep_ifs = format!("{}{}", "{{if 1}}".repeat(70), "{{end}}".repeat(70));
    assert_eq!(
        err(&deep_ifs),
        "template parsing error: template: :1: exceeded maximum nesting depth (64)"
    );
    let deep_parens = format!("{{{{{}1{}}}}}", "(".repeat(70), ")".repeat(70));
    assert_eq!(
        err(&deep_parens),
        "template parsing error: template: :1: exceeded maximum nesting depth (64)"
    );
    let ok_parens = format!("{{{{{}1{}}}}}", "(".repeat(60), ")".repeat(60));
    assert_eq!(render(&ok_parens, &data), Ok("1".to_owned()));

    assert!(err("{{range 2000}}{{printf \"%1000s\" \"\"}}{{end}}")
        .contains("output exceeds the size limit (1048576 bytes)"));
    assert!(err("{{range 100000}}{{range 1000}}{{end}}{{end}}")
        .contains("execution exceeds the step limit"));
    assert!(
        err("{{pad \"x\" 2000000 0}}").contains("error calling pad: result exceeds the size limit")
    );
    assert!(
        err("{{$x := \"ab\"}}{{range 40}}{{$x = printf \"%s%s\" $x $x}}{{end}}")
            .contains("result exceeds the size limit")
    );
    assert!(
        err("{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}")
            .contains("exceeded maximum template depth (32)")
    );
    assert!(err("{{printf \"%1000001d\" 1}}").is_empty());

    // Values nested deeper than the printer goes are an error, not a crash.
    let mut deep = json!(1);
    for _ in 0..300 {
        deep = Value::Array(vec![deep]);
    }
    let deep = json!({"D": deep});
    assert!(render("{{.D}}", &deep)
        .err()
        .unwrap_or_default()
        .contains("value nesting exceeds the depth limit"));
    assert_eq!(render("{{json .D}}|", &deep), Ok("|".to_owned()));
}

/// The deepest executions the limits allow run within a wasm-sized (1 MiB)
/// stack, even unoptimised.
#[test]
fn deep_execution_fits_a_small_stack() {
    let worker = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
        // 60 nested actions plus a parenthesised pipeline: parse depth 63.
        let nested = format!(
            "{}{{{{((.))}}}}{}",
            "{{with (.)}}".repeat(60),
            "{{end}}".repeat(60)
        );
        let body = format!(
            "{}{{{{template \"r\" .}}}}{}",
            "{{with (.)}}".repeat(50),
            "{{end}}".repeat(50)
        );
        let recursive = format!("{{{{define \"r\"}}}}{body}{{{{end}}}}{{{{template \"r\" .}}}}");
        // 30 template calls deep, each evaluating 60 nested parentheses.
        let parens = format!("{}\"x\"{}", "(print ".repeat(60), ")".repeat(60));
        let calls = format!(
            "{{{{define \"c\"}}}}{{{{{parens}}}}}{{{{if lt (len .) 30}}}}{{{{template \"c\" (printf \"%s.\" .)}}}}{{{{end}}}}{{{{end}}}}{{{{template \"c\" \"\"}}}}"
        );
        let data = json!({"A": 1});
        (render(&nested, &data), render(&recursive, &data), render(&calls, &data))
    });
    let (nested, recursive, calls) = worker.expect("spawn").join().expect("no stack overflow");
    assert_eq!(nested, Ok("{1}".to_owned()));
    assert_eq!(calls, Ok("x".repeat(31)));
    assert!(recursive
        .err()
        .unwrap_or_default()
        .contains("exceeded maximum nesting depth (160)"));
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e30f64..1e30).prop_map(|f| json!(f)),
        "[a-zA-Z0-9 .%\\-\u{e9}\u{4e2d}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![Just("A"), Just("B"), Just("a"), Just("Name"), Just("k.x")],
                    inner
                ),
                0..4
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// Strings built from template tokens, to reach deep into the parser and
/// evaluator (arbitrary strings rarely get past the lexer).
fn template_like() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{{"),
        Just("}}"),
        Just("{{- "),
        Just(" -}}"),
        Just(" "),
        Just("\n"),
        Just("."),
        Just(".A"),
        Just(".B"),
        Just(".Name"),
        Just("$"),
        Just("$x"),
        Just("$y"),
        Just(":="),
        Just("="),
        Just(","),
        Just("|"),
        Just("("),
        Just(")"),
        Just("if"),
        Just("else"),
        Just("end"),
        Just("range"),
        Just("with"),
        Just("break"),
        Just("continue"),
        Just("define"),
        Just("template"),
        Just("block"),
        Just("nil"),
        Just("true"),
        Just("1"),
        Just("-2"),
        Just("3.5"),
        Just("0x1F"),
        Just("'a'"),
        Just("1i"),
        Just("\"s\""),
        Just("\"%v %d %q %5.2f %x %[2]s %*d\""),
        Just("`r`"),
        Just("\"A\""),
        Just("printf"),
        Just("print"),
        Just("println"),
        Just("index"),
        Just("slice"),
        Just("len"),
        Just("json"),
        Just("join"),
        Just("split"),
        Just("eq"),
        Just("lt"),
        Just("and"),
        Just("or"),
        Just("not"),
        Just("html"),
        Just("js"),
        Just("urlquery"),
        Just("call"),
        Just("title"),
        Just("upper"),
        Just("pad"),
        Just("truncate"),
        Just("{{/* c */}}"),
        Just("text"),
    ];
    prop::collection::vec(token, 0..48).prop_map(|v| v.concat())
}

fn exercise(template: &str, data: &Value) {
    if let Ok(t) = Template::parse(template) {
        for model in [DataModel::Typed, DataModel::TypedMaps, DataModel::Raw] {
            for missing_key_error in [false, true] {
                for header in [false, true] {
                    let opts = ExecOptions {
                        model,
                        missing_key_error,
                        header,
                        ..ExecOptions::default()
                    };
                    if let Ok(out) = t.execute(data, &opts) {
                        assert!(out.len() <= MAX_OUTPUT * 3);
                    }
                }
            }
        }
    }
    let _ = render(template, data);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(template in "\\PC{0,80}", data in arb_json()) {
        exercise(&template, &data);
    }

    #[test]
    fn never_panics_on_template_like_text(template in template_like(), data in arb_json()) {
        exercise(&template, &data);
    }
}

/// docker/cli TemplateInspector: the typed struct has Go's field names
/// (`ID`, json:"Id"), the raw fallback the JSON keys; both work, and the
/// typed pass does not see the JSON name.
#[test]
fn inspect_templates_see_go_field_names_first() {
    let doc = serde_json::json!({"Id": "abc", "Name": "/web"});
    let names = [("ID", "Id")];
    assert_eq!(
        super::render_inspect("{{.ID}}", &doc, &names).unwrap(),
        "abc"
    );
    assert_eq!(
        super::render_inspect("{{.Id}}", &doc, &names).unwrap(),
        "abc"
    );
    let typed = ExecOptions {
        field_names: &names,
        ..ExecOptions::default()
    };
    let t = super::Template::parse("{{.Id}}").unwrap();
    assert!(t.execute(&doc, &typed).is_err());
    assert!(super::render("{{.ID}}", &doc).is_err());
}
