#!/usr/bin/env python3
# Turns registry/ipp-registry.txt into the registry's C header of constants and its C tables.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
"""Generate include/ippd/registry-ids.h (--ids) or lib/registry-tables.c (--tables).

The data file format is described at the top of registry/ipp-registry.txt and
in docs/internals/REGISTRY.md.  Any problem in the data file is reported as
FILE:LINE: message on stderr, and the exit status is 1.
"""

import os
import re
import sys

INT32_MIN = -2147483648
INT32_MAX = 2147483647

# The attribute groups of registry.h, by the words the data file uses.
GROUPS = {
    "operation": "IPPD_AG_OPERATION",
    "job-template": "IPPD_AG_JOB_TEMPLATE",
    "job-description": "IPPD_AG_JOB_DESCRIPTION",
    "job-status": "IPPD_AG_JOB_STATUS",
    "printer-description": "IPPD_AG_PRINTER_DESCRIPTION",
    "printer-status": "IPPD_AG_PRINTER_STATUS",
    "document-template": "IPPD_AG_DOCUMENT_TEMPLATE",
    "document-description": "IPPD_AG_DOCUMENT_DESCRIPTION",
    "document-status": "IPPD_AG_DOCUMENT_STATUS",
    "subscription-template": "IPPD_AG_SUBSCRIPTION_TEMPLATE",
    "subscription-description": "IPPD_AG_SUBSCRIPTION_DESCRIPTION",
    "event-notification": "IPPD_AG_EVENT_NOTIFICATION",
    "system-description": "IPPD_AG_SYSTEM_DESCRIPTION",
    "system-status": "IPPD_AG_SYSTEM_STATUS",
    "resource-description": "IPPD_AG_RESOURCE_DESCRIPTION",
    "resource-status": "IPPD_AG_RESOURCE_STATUS",
}

# Groups whose attributes only the service sets; see "read-only" in the data file.
SERVICE_SET_GROUPS = {
    "job-status", "printer-status", "document-status", "system-status", "resource-status",
    "subscription-description", "event-notification",
}

# Enum tables built from the op and status lines rather than declared.
BUILTIN_ENUMS = ("operations", "status")

# How a collection admits members beyond its listed ones (registry-private.h).
OPEN_KINDS = {None: "IPPD_OPEN_NONE", "+job-template": "IPPD_OPEN_JOB_TEMPLATE", "+any": "IPPD_OPEN_ANY"}

# Value tags that cannot be an attribute's syntax.
NOT_SYNTAX = {"endCollection", "extension", "memberAttrName"}

ATTR_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KEYWORD_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
OP_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
TAG_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z-]*$")
ALT_RE = re.compile(r"^(?:(type[123])\s+)?([A-Za-z][A-Za-z-]*)(?:\(([^()]*)\))?$")
CNAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class DataError(Exception):
    """A problem in the data file at one line."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


class Syntax:
    """One alternative: a tag with limits, and the enum table or member set it names."""

    def __init__(self, word, tag, lo, hi, ref):
        self.word = word
        self.tag = tag
        self.lo = lo
        self.hi = hi
        self.ref = ref


class AttrDef:
    """A top-level attribute or a collection member."""

    def __init__(self, name, line, groups, set_of, read_only, alts):
        self.name = name
        self.line = line
        self.groups = groups
        self.set_of = set_of
        self.read_only = read_only
        self.alts = alts

    def collection_set(self):
        for alt in self.alts:
            if alt.word == "collection":
                return alt.ref
        return None

    def enum_table(self):
        for alt in self.alts:
            if alt.word == "enum" and alt.ref is not None:
                return alt.ref
        return None


class Tag:
    def __init__(self, code, name, line, lo, hi, aliases):
        self.code = code
        self.name = name
        self.line = line
        self.lo = lo
        self.hi = hi
        self.aliases = aliases


class Registry:
    def __init__(self):
        self.ops = []          # (code, name, line)
        self.status = []       # (code, name, line)
        self.tags = {}         # name -> Tag
        self.tag_codes = {}    # code -> Tag
        self.tag_lookup = {}   # lower-case name or alias -> line
        self.enums = {}        # table -> {"prefix", "line", "values": [(value, keyword, line)]}
        self.enum_order = []
        self.sets = {}         # set -> {"line", "open", "members": [AttrDef]}
        self.set_order = []
        self.attrs = {}        # name -> AttrDef
        self.pending = []      # syntax to check once everything is read: (line, Syntax)


def parse_number(text, line, what):
    try:
        return int(text, 0)
    except ValueError:
        raise DataError(line, "%s %r is not a number" % (what, text)) from None


def parse_limit(text, line):
    if text == "MIN":
        return INT32_MIN
    if text == "MAX":
        return INT32_MAX
    value = parse_number(text, line, "limit")
    if value < INT32_MIN or value > INT32_MAX:
        raise DataError(line, "limit %s does not fit in 32 bits" % text)
    return value


def strip_outer_parens(text):
    """'(a | b(c))' -> 'a | b(c)' when the first parenthesis closes at the end."""
    if not text.startswith("("):
        return text
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[1:-1].strip() if i == len(text) - 1 else text
    return text


def parse_alt(reg, text, line):
    m = ALT_RE.match(text)
    if not m:
        raise DataError(line, "malformed syntax alternative %r" % text)
    typeword, word, arg = m.groups()
    tag = reg.tags.get(word)
    if tag is None or tag.code < 0x10 or word in NOT_SYNTAX:
        raise DataError(line, "unknown syntax word %r" % word)
    if typeword and word not in ("keyword", "enum"):
        raise DataError(line, "%s only qualifies keyword or enum, not %s" % (typeword, word))
    if word in ("integer", "rangeOfInteger"):
        lo, hi = INT32_MIN, INT32_MAX
        if arg is not None:
            parts = arg.split(":")
            if len(parts) != 2:
                raise DataError(line, "%s(%s) needs LO:HI" % (word, arg))
            lo, hi = parse_limit(parts[0].strip(), line), parse_limit(parts[1].strip(), line)
            if lo > hi:
                raise DataError(line, "%s(%s) has LO above HI" % (word, arg))
        return Syntax(word, tag.code, lo, hi, None)
    if word == "enum":
        ref = arg.strip() if arg is not None else None
        syn = Syntax(word, tag.code, 1, INT32_MAX, ref)
        if ref is not None:
            reg.pending.append((line, syn))
        return syn
    if word == "collection":
        if not arg or not arg.strip():
            raise DataError(line, "collection needs a member set: collection(set)")
        syn = Syntax(word, tag.code, 0, 0, arg.strip())
        reg.pending.append((line, syn))
        return syn
    if tag.hi is not None:
        hi = tag.hi
        if arg is not None and arg != "MAX":
            hi = parse_number(arg, line, "length")
            if hi < 1 or hi > tag.hi:
                raise DataError(line, "%s(%s) is outside 1..%d" % (word, arg, tag.hi))
        return Syntax(word, tag.code, tag.lo, hi, None)
    if arg is not None:
        raise DataError(line, "%s takes no limits" % word)
    if word == "boolean":
        return Syntax(word, tag.code, 0, 1, None)
    return Syntax(word, tag.code, 0, 0, None)


def parse_syntax(reg, text, line):
    """'1setOf (type2 keyword | name(MAX))' -> (True, [Syntax, Syntax])."""
    text = text.strip()
    set_of = False
    if text.startswith("1setOf"):
        set_of = True
        text = strip_outer_parens(text[len("1setOf"):].strip())
    if not text:
        raise DataError(line, "missing syntax")
    if text.count("(") != text.count(")"):
        raise DataError(line, "unbalanced parentheses in syntax")
    alts = []
    seen = set()
    for part in text.split("|"):
        alt = parse_alt(reg, part.strip(), line)
        key = (alt.tag, alt.ref)
        if key in seen:
            raise DataError(line, "syntax %r is listed twice" % alt.word)
        seen.add(key)
        alts.append(alt)
    if len(alts) > 255:
        raise DataError(line, "too many syntax alternatives")
    return set_of, alts


def add_code(table, kind, words, line, limit):
    if len(words) != 3:
        raise DataError(line, "%s needs: %s 0xNNNN name" % (kind, kind))
    code = parse_number(words[1], line, kind)
    if code < 0 or code > limit:
        raise DataError(line, "%s value %s out of range" % (kind, words[1]))
    name = words[2]
    if not OP_NAME_RE.match(name):
        raise DataError(line, "malformed %s name %r" % (kind, name))
    for other_code, other_name, other_line in table:
        if other_code == code:
            raise DataError(line, "%s 0x%04x already defined at line %d" % (kind, code, other_line))
        if other_name.lower() == name.lower():
            raise DataError(line, "%s %s already defined at line %d" % (kind, name, other_line))
    table.append((code, name, line))


def add_tag(reg, words, line):
    if len(words) < 3:
        raise DataError(line, "tag needs: tag 0xNN name [max=N] [min=N] [alias=name]...")
    code = parse_number(words[1], line, "tag")
    if code < 0 or code > 0xFF:
        raise DataError(line, "tag %s out of range" % words[1])
    name = words[2]
    if not TAG_NAME_RE.match(name):
        raise DataError(line, "malformed tag name %r" % name)
    if code in reg.tag_codes:
        raise DataError(line, "tag 0x%02x already defined at line %d" % (code, reg.tag_codes[code].line))
    lo, hi, aliases = 0, None, []
    for opt in words[3:]:
        key, _, value = opt.partition("=")
        if key == "max":
            hi = parse_number(value, line, "max")
        elif key == "min":
            lo = parse_number(value, line, "min")
        elif key == "alias" and TAG_NAME_RE.match(value):
            aliases.append(value)
        else:
            raise DataError(line, "unknown tag option %r" % opt)
    for spelling in [name] + aliases:
        if spelling.lower() in reg.tag_lookup:
            raise DataError(line, "tag name %s already used at line %d" % (spelling, reg.tag_lookup[spelling.lower()]))
        reg.tag_lookup[spelling.lower()] = line
    tag = Tag(code, name, line, lo, hi, aliases)
    reg.tags[name] = tag
    reg.tag_codes[code] = tag


def open_enum(reg, words, line):
    if len(words) not in (2, 3):
        raise DataError(line, "enum needs: enum table [prefix=C_NAME]")
    name = words[1]
    if not ATTR_NAME_RE.match(name):
        raise DataError(line, "malformed enum table name %r" % name)
    if name in BUILTIN_ENUMS:
        raise DataError(line, "enum table %s is built from the %s lines" % (name, name.rstrip("s")))
    if name in reg.enums:
        raise DataError(line, "enum %s already defined at line %d" % (name, reg.enums[name]["line"]))
    prefix = None
    if len(words) == 3:
        key, _, prefix = words[2].partition("=")
        if key != "prefix" or not CNAME_RE.match(prefix):
            raise DataError(line, "expected prefix=C_NAME, got %r" % words[2])
    reg.enums[name] = {"prefix": prefix, "line": line, "values": []}
    reg.enum_order.append(name)
    return name


def add_enum_value(reg, table, words, line):
    if len(words) != 2:
        raise DataError(line, "enum value needs: VALUE keyword")
    value = parse_number(words[0], line, "enum value")
    if value < 0 or value > INT32_MAX:
        raise DataError(line, "enum value %s out of range" % words[0])
    keyword = words[1]
    if not KEYWORD_RE.match(keyword):
        raise DataError(line, "malformed keyword %r" % keyword)
    for other_value, other_keyword, other_line in reg.enums[table]["values"]:
        if other_value == value or other_keyword == keyword:
            raise DataError(line, "%s %s already defined at line %d" % (table, keyword if other_keyword == keyword else value, other_line))
    reg.enums[table]["values"].append((value, keyword, line))


def open_members(reg, words, line):
    if len(words) not in (2, 3):
        raise DataError(line, "members needs: members set [+job-template|+any]")
    name = words[1]
    if not ATTR_NAME_RE.match(name):
        raise DataError(line, "malformed member set name %r" % name)
    if name in reg.sets:
        raise DataError(line, "member set %s already defined at line %d" % (name, reg.sets[name]["line"]))
    kind = words[2] if len(words) == 3 else None
    if kind not in OPEN_KINDS:
        raise DataError(line, "unknown member set option %r" % kind)
    reg.sets[name] = {"line": line, "open": kind, "members": []}
    reg.set_order.append(name)
    return name


def add_member(reg, set_name, text, line):
    parts = text.split(None, 1)
    if len(parts) != 2:
        raise DataError(line, "member needs: name SYNTAX")
    name = parts[0]
    if not ATTR_NAME_RE.match(name):
        raise DataError(line, "malformed member name %r" % name)
    for other in reg.sets[set_name]["members"]:
        if other.name == name:
            raise DataError(line, "member %s already in %s at line %d" % (name, set_name, other.line))
    set_of, alts = parse_syntax(reg, parts[1], line)
    reg.sets[set_name]["members"].append(AttrDef(name, line, [], set_of, False, alts))


def add_attr(reg, text, line):
    parts = text.split(None, 2)
    if len(parts) != 3:
        raise DataError(line, "attr needs: attr name GROUPS [ro|rw] SYNTAX")
    name, group_text, rest = parts
    if not ATTR_NAME_RE.match(name):
        raise DataError(line, "malformed attribute name %r" % name)
    if name in reg.attrs:
        raise DataError(line, "attribute %s already defined at line %d" % (name, reg.attrs[name].line))
    groups = group_text.split(",")
    for group in groups:
        if group not in GROUPS:
            raise DataError(line, "unknown group %r" % group)
    if len(set(groups)) != len(groups):
        raise DataError(line, "a group is listed twice")
    object_groups = set(groups) - {"operation"}
    read_only = bool(object_groups) and object_groups <= SERVICE_SET_GROUPS
    flag = rest.split(None, 1)
    if flag[0] in ("ro", "rw"):
        if len(flag) != 2:
            raise DataError(line, "missing syntax")
        read_only = flag[0] == "ro"
        rest = flag[1]
    set_of, alts = parse_syntax(reg, rest, line)
    reg.attrs[name] = AttrDef(name, line, groups, set_of, read_only, alts)


def parse(path):
    reg = Registry()
    block = None  # ("enum", table) or ("members", set)
    with open(path, encoding="utf-8") as f:
        for line_no, raw in enumerate(f, 1):
            text = raw.split("#", 1)[0].rstrip()
            if not text.strip():
                continue
            if not text.isascii():
                raise DataError(line_no, "non-ASCII text")
            if text[0] in " \t":
                if block is None:
                    raise DataError(line_no, "indented line outside an enum or members block")
                if block[0] == "enum":
                    add_enum_value(reg, block[1], text.split(), line_no)
                else:
                    add_member(reg, block[1], text.strip(), line_no)
                continue
            words = text.split()
            block = None
            if words[0] == "op":
                add_code(reg.ops, "op", words, line_no, 0xFFFF)
            elif words[0] == "status":
                add_code(reg.status, "status", words, line_no, 0xFFFF)
            elif words[0] == "tag":
                add_tag(reg, words, line_no)
            elif words[0] == "enum":
                block = ("enum", open_enum(reg, words, line_no))
            elif words[0] == "members":
                block = ("members", open_members(reg, words, line_no))
            elif words[0] == "attr":
                add_attr(reg, text.split(None, 1)[1] if len(words) > 1 else "", line_no)
            else:
                raise DataError(line_no, "unknown directive %r" % words[0])
    check(reg)
    return reg


def check(reg):
    """Cross-references: every enum(table) and collection(set) exists, every set and table is used."""
    used_sets = set()
    used_enums = set()
    for line, syn in reg.pending:
        if syn.word == "collection":
            if syn.ref not in reg.sets:
                raise DataError(line, "unknown member set %r" % syn.ref)
            used_sets.add(syn.ref)
        elif syn.ref in BUILTIN_ENUMS:
            used_enums.add(syn.ref)
            if syn.ref == "status":
                syn.lo = 0
        elif syn.ref in reg.enums:
            used_enums.add(syn.ref)
        else:
            raise DataError(line, "unknown enum table %r" % syn.ref)
    for name in reg.set_order:
        info = reg.sets[name]
        if not info["members"]:
            raise DataError(info["line"], "member set %s has no members" % name)
        if name not in used_sets:
            raise DataError(info["line"], "member set %s is never used" % name)
    for name in reg.enum_order:
        info = reg.enums[name]
        if not info["values"]:
            raise DataError(info["line"], "enum %s has no values" % name)
        if name not in used_enums:
            raise DataError(info["line"], "enum %s is never used" % name)
    if not reg.ops or not reg.status:
        raise DataError(0, "the file needs op and status lines")
    for spelling in ("collection", "name", "text", "enum", "integer", "keyword"):
        if spelling not in reg.tags:
            raise DataError(0, "tag %s is missing" % spelling)
    enum_bindings(reg)


def all_defs(reg):
    for name in sorted(reg.attrs):
        yield reg.attrs[name]
    for set_name in reg.set_order:
        for member in reg.sets[set_name]["members"]:
            yield member


def enum_bindings(reg):
    """Attribute or member name -> enum table; one name cannot use two tables."""
    bindings = {}
    for d in all_defs(reg):
        tables = {alt.ref for alt in d.alts if alt.word == "enum" and alt.ref is not None}
        if len(tables) > 1:
            raise DataError(d.line, "%s names more than one enum table" % d.name)
        for table in tables:
            if d.name in bindings and bindings[d.name][0] != table:
                raise DataError(d.line, "%s uses enum %s here but %s at line %d"
                                % (d.name, table, bindings[d.name][0], bindings[d.name][1]))
            bindings.setdefault(d.name, (table, d.line))
    return {name: table for name, (table, _) in bindings.items()}


def cname(text):
    return re.sub(r"[^A-Z0-9]", "_", text.upper())


def header_lines(purpose, comment_open="/*", comment_close=" */"):
    return [
        "%s %s%s" % (comment_open, purpose, comment_close),
        "%s SPDX-License-Identifier: Apache-2.0%s" % (comment_open, comment_close),
        "%s Copyright 2026 The ippd authors%s" % (comment_open, comment_close),
    ]


def write_ids(reg, out):
    lines = header_lines("IPP registry constants, generated by tools/gen-registry.py from "
                         "registry/ipp-registry.txt: do not edit.")
    lines += ["#ifndef IPPD_REGISTRY_IDS_H", "#define IPPD_REGISTRY_IDS_H", ""]
    seen = {}

    def emit_enum(comment, tag, items):
        lines.append("/* %s */" % comment)
        lines.append("enum %s {" % tag)
        for ident, value, fmt in items:
            if ident in seen:
                raise DataError(0, "constant %s is made twice (%s and %s)" % (ident, seen[ident], value))
            seen[ident] = value
            lines.append("\t%s = %s," % (ident, fmt % value))
        lines.append("};")
        lines.append("")

    emit_enum("Operations (operation-id).", "ippd_registry_op",
              [("IPPD_OP_" + cname(n), c, "0x%04x") for c, n, _ in sorted(reg.ops)])
    emit_enum("Status codes.", "ippd_registry_status",
              [("IPPD_STATUS_" + cname(n), c, "0x%04x") for c, n, _ in sorted(reg.status)])
    for table in reg.enum_order:
        info = reg.enums[table]
        if info["prefix"] is None:
            continue
        items = [("IPPD_%s_%s" % (info["prefix"], cname(k)), v, "%d") for v, k, _ in sorted(info["values"])]
        emit_enum("Values of the %s enum." % table, "ippd_registry_" + table.replace("-", "_"), items)
    lines += ["#endif", ""]
    write_file(out, lines)


def c_groups(groups):
    return " | ".join(GROUPS[g] for g in groups) if groups else "IPPD_AG_MEMBER"


def write_tables(reg, out):
    lines = header_lines("IPP registry tables, generated by tools/gen-registry.py from "
                         "registry/ipp-registry.txt: do not edit.")
    lines += ["#include \"registry-private.h\"", ""]

    # Enum tables: declared ones, then the two built from op and status lines.
    tables = [(t, False, reg.enums[t]["values"]) for t in reg.enum_order]
    tables.append(("operations", True, reg.ops))
    tables.append(("status", True, reg.status))
    table_index = {t: i for i, (t, _, _) in enumerate(tables)}
    for i, (name, nocase, values) in enumerate(tables):
        by_value = sorted((v, k) for v, k, _ in values)
        key = (lambda k: k.lower()) if nocase else (lambda k: k)
        by_keyword = sorted(range(len(by_value)), key=lambda j: key(by_value[j][1]))
        lines.append("/* %s */" % name)
        lines.append("static const Ippd_enum_value_t enum_%d[] = {" % i)
        lines += ["\t{%d, \"%s\"}," % (v, k) for v, k in by_value]
        lines.append("};")
        lines.append("static const uint16_t enum_%d_by_keyword[] = {" % i)
        lines += ["\t%d, /* %s */" % (j, by_value[j][1]) for j in by_keyword]
        lines.append("};")
        lines.append("")
    lines.append("const Ippd_enum_table_t Ippd_enum_tables[] = {")
    for i, (name, nocase, values) in enumerate(tables):
        lines.append("\t{\"%s\", %s, %d, enum_%d, enum_%d_by_keyword},"
                     % (name, "true" if nocase else "false", len(values), i, i))
    lines.append("};")
    lines.append("const size_t Ippd_enum_table_count = %d;" % len(tables))
    lines.append("const size_t Ippd_enum_operations = %d;" % table_index["operations"])
    lines.append("const size_t Ippd_enum_status = %d;" % table_index["status"])
    lines.append("")

    bindings = enum_bindings(reg)
    lines.append("const Ippd_enum_binding_t Ippd_enum_bindings[] = {")
    lines += ["\t{\"%s\", %d}," % (n, table_index[bindings[n]]) for n in sorted(bindings)]
    lines.append("};")
    lines.append("const size_t Ippd_enum_binding_count = %d;" % len(bindings))
    lines.append("")

    # Syntax alternatives of every definition, in one pool; equal lists are stored once.
    syntax_at = {}
    pool = []
    runs = {}
    for d in all_defs(reg):
        key = tuple((alt.tag, alt.lo, alt.hi) for alt in d.alts)
        if key not in runs:
            runs[key] = len(pool)
            pool += d.alts
        syntax_at[id(d)] = runs[key]
    lines.append("static const ippd_syntax_t syntax_pool[] = {")
    for alt in pool:
        lo = "INT32_MIN" if alt.lo == INT32_MIN else str(alt.lo)
        hi = "INT32_MAX" if alt.hi == INT32_MAX else str(alt.hi)
        lines.append("\t{0x%02x, %s, %s}, /* %s */" % (alt.tag, lo, hi, alt.word))
    lines.append("};")
    lines.append("")

    # Members of every set, each set sorted by name, in one pool.
    set_at = {}
    members = []
    for set_name in reg.set_order:
        set_at[set_name] = len(members)
        members += sorted(reg.sets[set_name]["members"], key=lambda m: m.name)

    def def_line(d):
        ref = d.collection_set()
        member_ref = "0, NULL"
        if ref is not None:
            member_ref = "%d, &member_pool[%d]" % (len(reg.sets[ref]["members"]), set_at[ref])
        return "\t{\"%s\", %s, %s, %s, %d, &syntax_pool[%d], %s}," % (
            d.name, c_groups(d.groups), "true" if d.set_of else "false",
            "true" if d.read_only else "false", len(d.alts), syntax_at[id(d)], member_ref)

    lines.append("static const ippd_attr_def_t member_pool[] = {")
    lines += [def_line(m) for m in members]
    lines.append("};")
    lines.append("")
    lines.append("const Ippd_member_set_t Ippd_member_sets[] = {")
    for set_name in reg.set_order:
        info = reg.sets[set_name]
        lines.append("\t{\"%s\", &member_pool[%d], %d, %s}," % (
            set_name, set_at[set_name], len(info["members"]), OPEN_KINDS[info["open"]]))
    lines.append("};")
    lines.append("const size_t Ippd_member_set_count = %d;" % len(reg.set_order))
    lines.append("")

    lines.append("const ippd_attr_def_t Ippd_attr_defs[] = {")
    lines += [def_line(reg.attrs[n]) for n in sorted(reg.attrs)]
    lines.append("};")
    lines.append("const size_t Ippd_attr_count = %d;" % len(reg.attrs))
    lines.append("")

    lines.append("const char *const Ippd_tag_names[256] = {")
    lines += ["\t[0x%02x] = \"%s\"," % (c, reg.tag_codes[c].name) for c in sorted(reg.tag_codes)]
    lines.append("};")
    spellings = []
    for tag in reg.tag_codes.values():
        spellings += [(s, tag.code) for s in [tag.name] + tag.aliases]
    spellings.sort(key=lambda s: s[0].lower())
    lines.append("const Ippd_tag_alias_t Ippd_tag_by_name[] = {")
    lines += ["\t{\"%s\", 0x%02x}," % s for s in spellings]
    lines.append("};")
    lines.append("const size_t Ippd_tag_by_name_count = %d;" % len(spellings))
    lines.append("")
    write_file(out, lines)


def write_file(out, lines):
    """Write through a temporary file so a failed run leaves no half-written output."""
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, out)


def main(argv):
    if len(argv) != 4 or argv[1] not in ("--ids", "--tables"):
        sys.stderr.write("usage: gen-registry.py --ids|--tables OUTPUT INPUT\n")
        return 2
    mode, out, path = argv[1], argv[2], argv[3]
    try:
        reg = parse(path)
        if mode == "--ids":
            write_ids(reg, out)
        else:
            write_tables(reg, out)
    except DataError as e:
        sys.stderr.write("%s:%d: %s\n" % (path, e.line, e.message))
        return 1
    except OSError as e:
        sys.stderr.write("gen-registry.py: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
