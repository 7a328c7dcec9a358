//! Template execution: a port of Go's `text/template/exec.go` (Go 1.23
//! semantics: `break`/`continue`, short-circuit `and`/`or`, range over
//! integers) over the values of [`super::value`].
//!
//! The evaluator keeps Go's structure (`evalPipeline`, `evalCommand`,
//! `evalField`, `evalCall`, `evalArg`, `validateType`, …) and records the
//! node being evaluated at the same points Go's `s.at(node)` does, so error
//! messages name the same location and node text.

use std::rc::Rc;

use serde_json::{Map, Value};

use super::funcs::{self, CallCtx, Func, Param};
use super::gofmt::{PrintError, Printer};
use super::parse::{
    Arg, BranchNode, CommandNode, ListNode, Node, NumberNode, PipeNode, Trees, VariableNode,
};
use super::value::{truth, Env, GoStr, Method, Mode, Val, V};
use crate::strconv;

/// Resource limits for one execution.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    /// Bytes of output.
    pub max_output: usize,
    /// Bytes in any one string a function builds.
    pub max_value: usize,
    /// Evaluation steps (nodes, iterations, field lookups, calls; long
    /// function results cost extra).
    pub max_steps: u64,
    /// Nested lists and pipelines being evaluated at once.
    pub max_depth: usize,
    /// Nested `{{template}}` calls (Go allows 100000).
    pub max_template_depth: usize,
}

/// Options for one execution.
pub(super) struct Opts<'o> {
    pub mode: Mode,
    pub missing_key_error: bool,
    pub header: bool,
    pub root_type: &'o str,
    pub methods: &'o [Method<'o>],
    /// (Go name, JSON key) of struct fields named differently in JSON.
    pub field_names: &'o [(&'o str, &'o str)],
    pub limits: Limits,
}

/// The node being evaluated, for error messages (Go's `state.node`).
#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Node(&'t Node),
    List(&'t ListNode),
    Pipe(&'t PipeNode),
    Cmd(&'t CommandNode),
    Arg(&'t Arg),
    Var(&'t VariableNode),
}

impl At<'_> {
    fn pos_and_text(self) -> Option<(usize, String)> {
        Some(match self {
            At::None => return None,
            At::Node(n) => (node_pos(n), n.to_string()),
            At::List(l) => (l.pos, l.to_string()),
            At::Pipe(p) => (p.pos, p.to_string()),
            At::Cmd(c) => (c.pos, c.to_string()),
            At::Arg(a) => (a.pos(), a.to_string()),
            At::Var(v) => (v.pos, v.to_string()),
        })
    }
}

fn node_pos(n: &Node) -> usize {
    match n {
        Node::Text { pos, .. }
        | Node::Action { pos, .. }
        | Node::Template { pos, .. }
        | Node::Break { pos }
        | Node::Continue { pos } => *pos,
        Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
    }
}

/// An execution error, formatted as Go formats `ExecError`.
pub(super) struct Fail(pub String);

type R<T> = Result<T, Fail>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

struct State<'t, 'd, 'o> {
    trees: &'t Trees,
    src: &'t str,
    env: Env<'d, 'o>,
    opts: &'o Opts<'o>,
    name: &'t [u8],
    vars: Vec<(&'t str, Val<'d>)>,
    node: At<'t>,
    out: Vec<u8>,
    depth: usize,
    template_depth: usize,
    steps: u64,
}

/// Runs the template named "" over `data`. Returns the output written so far
/// and the error, if execution stopped early (Go leaves partial output in the
/// writer too).
pub(super) fn execute<'t, 'o>(
    trees: &'t Trees,
    src: &'t str,
    data: &Value,
    opts: &'o Opts<'o>,
) -> (Vec<u8>, Option<String>) {
    let mut s = State {
        trees,
        src,
        env: Env {
            mode: opts.mode,
            root: data,
            root_type: opts.root_type,
        },
        opts,
        name: b"",
        vars: Vec::new(),
        node: At::None,
        out: Vec::new(),
        depth: 0,
        template_depth: 0,
        steps: 0,
    };
    let root = Val::root(data, opts.mode);
    s.vars.push(("$", root.clone()));
    let result = match trees.get(b"") {
        Some((_, list)) => s.walk_list(&root, list).map(|_| ()),
        None => Err(s.fail(format_args!("\"\" is an incomplete or empty template"))),
    };
    (s.out, result.err().map(|f| f.0))
}

impl<'t, 'd, 'o> State<'t, 'd, 'o> {
    /// Go's `state.errorf`.
    fn fail(&self, msg: std::fmt::Arguments) -> Fail {
        match self.node.pos_and_text() {
            None => Fail(format!("template: {}: {msg}", strconv::lossy(self.name))),
            Some((pos, context)) => {
                let before = self.src.get(..pos).unwrap_or(self.src);
                let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
                let col = match before.rfind('\n') {
                    None => pos,
                    Some(i) => pos - (i + 1),
                };
                Fail(format!(
                    "template: :{line}:{col}: executing {} at <{context}>: {msg}",
                    strconv::quote(self.name)
                ))
            }
        }
    }

    fn tick(&mut self, n: u64) -> R<()> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > self.opts.limits.max_steps {
            return Err(self.fail(format_args!(
                "execution exceeds the step limit ({})",
                self.opts.limits.max_steps
            )));
        }
        Ok(())
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > self.opts.limits.max_depth {
            return Err(self.fail(format_args!(
                "exceeded maximum nesting depth ({})",
                self.opts.limits.max_depth
            )));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn write(&mut self, b: &[u8]) -> R<()> {
        if self.out.len().saturating_add(b.len()) > self.opts.limits.max_output {
            return Err(self.fail(format_args!(
                "output exceeds the size limit ({} bytes)",
                self.opts.limits.max_output
            )));
        }
        self.out.extend_from_slice(b);
        Ok(())
    }

    fn print_error(&self, e: PrintError) -> Fail {
        match e {
            PrintError::TooLarge => self.fail(format_args!(
                "output exceeds the size limit ({} bytes)",
                self.opts.limits.max_output
            )),
            PrintError::TooDeep => self.fail(format_args!("value nesting exceeds the depth limit")),
        }
    }

    /// `%v` of a value, for error messages.
    fn show(&self, v: &V<'_>) -> String {
        let mut p = Printer::new(&self.env, 1 << 16);
        p.print_arg(Some(v), 'v');
        strconv::lossy(&p.buf)
    }

    // --- walking -----------------------------------------------------------

    fn walk_list(&mut self, dot: &Val<'d>, list: &'t ListNode) -> R<Flow> {
        self.enter()?;
        self.node = At::List(list);
        for n in &list.nodes {
            let flow = self.walk(dot, n)?;
            if flow != Flow::Normal {
                self.leave();
                return Ok(flow);
            }
        }
        self.leave();
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Val<'d>, node: &'t Node) -> R<Flow> {
        self.tick(1)?;
        self.node = At::Node(node);
        match node {
            Node::Action { pipe, .. } => {
                // Variables declared here persist until the enclosing {{end}};
                // a declaration prints nothing.
                let val = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.print_value(node, &val)?;
                }
            }
            Node::If(b) => return self.walk_if_or_with(false, dot, b),
            Node::With(b) => return self.walk_if_or_with(true, dot, b),
            Node::Range(b) => return self.walk_range(dot, node, b),
            Node::Template { name, pipe, .. } => {
                self.walk_template(dot, node, name, pipe.as_ref())?
            }
            Node::Text { text, .. } => self.write(text.as_bytes())?,
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Val<'d>, b: &'t BranchNode) -> R<Flow> {
        let mark = self.vars.len();
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let flow = if truth(&val.v) {
            if with {
                self.walk_list(&val, &b.list)?
            } else {
                self.walk_list(dot, &b.list)?
            }
        } else if let Some(else_list) = &b.else_list {
            self.walk_list(dot, else_list)?
        } else {
            Flow::Normal
        };
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn set_top_var(&mut self, n: usize, v: Val<'d>) {
        // Go indexes blindly; with `range $a, $b = …` (assignment) the top of
        // the stack may hold fewer variables, which would crash Go.
        if let Some(i) = self.vars.len().checked_sub(n) {
            self.vars[i].1 = v;
        }
    }

    fn one_iteration(
        &mut self,
        b: &'t BranchNode,
        mark: usize,
        index: Val<'d>,
        elem: Val<'d>,
    ) -> R<Flow> {
        self.tick(1)?;
        let ndecl = b.pipe.decl.len();
        if ndecl > 0 {
            self.set_top_var(1, elem.clone());
        }
        if ndecl > 1 {
            self.set_top_var(2, index);
        }
        let flow = self.walk_list(&elem, &b.list)?;
        self.vars.truncate(mark);
        Ok(flow)
    }

    fn walk_range(&mut self, dot: &Val<'d>, node: &'t Node, b: &'t BranchNode) -> R<Flow> {
        self.node = At::Node(node);
        let outer = self.vars.len();
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let mark = self.vars.len();
        let mode = self.env.mode;
        // Each arm runs the loop and says whether it had any elements.
        let ran = match val.v {
            V::Arr(items) => {
                for (i, item) in items.iter().enumerate() {
                    let index = Val::new(V::Int(i64::try_from(i).unwrap_or(i64::MAX)));
                    if self.one_iteration(b, mark, index, Val::from_json(item, mode))?
                        == Flow::Break
                    {
                        break;
                    }
                }
                !items.is_empty()
            }
            V::Strs(ref list) => {
                let list = Rc::clone(list);
                for (i, s) in list.iter().enumerate() {
                    let index = Val::new(V::Int(i64::try_from(i).unwrap_or(i64::MAX)));
                    if self.one_iteration(b, mark, index, Val::str(GoStr::from(s.clone())))?
                        == Flow::Break
                    {
                        break;
                    }
                }
                !list.is_empty()
            }
            V::Obj(m) if !mode.is_struct(m) => {
                // Maps iterate in sorted key order.
                let mut keys: Vec<&'d String> = m.keys().collect();
                crate::sort::sort(&mut keys);
                for k in &keys {
                    let elem = m
                        .get(k.as_str())
                        .map(|v| Val::from_json(v, mode))
                        .unwrap_or_else(Val::missing);
                    if self.one_iteration(b, mark, Val::str(k.as_str()), elem)? == Flow::Break {
                        break;
                    }
                }
                !keys.is_empty()
            }
            V::Int(_) | V::Uint(..) if b.pipe.decl.len() > 1 => {
                return Err(self.fail(format_args!(
                    "can't use {} to iterate over more than one variable",
                    self.show(&val.v)
                )));
            }
            V::Int(n) => {
                for i in 0..n.max(0) {
                    if self.one_iteration(b, mark, Val::missing(), Val::new(V::Int(i)))?
                        == Flow::Break
                    {
                        break;
                    }
                }
                n > 0
            }
            V::Uint(n, t) => {
                for i in 0..n {
                    if self.one_iteration(b, mark, Val::missing(), Val::new(V::Uint(i, t)))?
                        == Flow::Break
                    {
                        break;
                    }
                }
                n > 0
            }
            // A missing value acts like an empty map; a nil slice or map is
            // empty.
            V::Missing | V::Nil => false,
            ref v => {
                return Err(self.fail(format_args!("range can't iterate over {}", self.show(v))))
            }
        };
        let flow = if !ran {
            match &b.else_list {
                Some(e) => self.walk_list(dot, e)?,
                None => Flow::Normal,
            }
        } else {
            Flow::Normal
        };
        self.vars.truncate(outer);
        // A break or continue in the else branch belongs to an outer range.
        Ok(flow)
    }

    fn walk_template(
        &mut self,
        dot: &Val<'d>,
        node: &'t Node,
        name: &[u8],
        pipe: Option<&'t PipeNode>,
    ) -> R<()> {
        self.node = At::Node(node);
        let Some((key, tree)) = self.trees.get(name) else {
            return Err(self.fail(format_args!(
                "template {} not defined",
                strconv::quote(name)
            )));
        };
        if self.template_depth >= self.opts.limits.max_template_depth {
            return Err(self.fail(format_args!(
                "exceeded maximum template depth ({})",
                self.opts.limits.max_template_depth
            )));
        }
        // Variables declared by the pipeline persist.
        let new_dot = match pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Val::missing(),
        };
        // No dynamic scoping: the called template sees only `$`.
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$", new_dot.clone())]);
        let saved_name = std::mem::replace(&mut self.name, key.as_slice());
        self.template_depth += 1;
        let result = self.walk_list(&new_dot, tree);
        self.template_depth -= 1;
        self.name = saved_name;
        self.vars = saved_vars;
        result.map(|_| ())
    }

    fn print_value(&mut self, node: &'t Node, v: &Val<'d>) -> R<()> {
        self.node = At::Node(node);
        if matches!(v.v, V::Missing) {
            return self.write(b"<no value>");
        }
        let room = self.opts.limits.max_output.saturating_sub(self.out.len());
        let mut p = Printer::new(&self.env, room);
        p.print_arg(Some(&v.v), 'v');
        if let Some(e) = p.error {
            return Err(self.print_error(e));
        }
        self.write(&p.buf)
    }

    // --- evaluation ----------------------------------------------------------

    fn eval_pipeline(&mut self, dot: &Val<'d>, pipe: &'t PipeNode) -> R<Val<'d>> {
        self.enter()?;
        self.node = At::Pipe(pipe);
        let mut value: Option<Val<'d>> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            // An empty interface is replaced by the value inside it.
            value = Some(v.unwrap_iface());
        }
        let value = value.unwrap_or_else(Val::missing);
        for var in &pipe.decl {
            let name = var.ident.first().map(String::as_str).unwrap_or("$");
            if pipe.is_assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name, value.clone()));
            }
        }
        self.leave();
        Ok(value)
    }

    fn set_var(&mut self, name: &str, v: Val<'d>) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| *n == name) {
            Some(slot) => {
                slot.1 = v;
                Ok(())
            }
            None => Err(self.fail(format_args!("undefined variable: {name}"))),
        }
    }

    fn var_value(&self, name: &str) -> R<Val<'d>> {
        match self.vars.iter().rev().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.fail(format_args!("undefined variable: {name}"))),
        }
    }

    fn not_a_function(&self, args: Option<&'t [Arg]>, final_: &Option<Val<'d>>) -> R<()> {
        let args = args.unwrap_or_default();
        if args.len() > 1 || final_.is_some() {
            let first = args.first().map(ToString::to_string).unwrap_or_default();
            return Err(self.fail(format_args!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        dot: &Val<'d>,
        cmd: &'t CommandNode,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        self.tick(1)?;
        let Some(first) = cmd.args.first() else {
            return Err(self.fail(format_args!("empty command")));
        };
        let args = Some(cmd.args.as_slice());
        match first {
            Arg::Field { ident, .. } => {
                return self.eval_field_node(dot, first, ident, args, final_)
            }
            Arg::Chain { node, field, .. } => {
                return self.eval_chain_node(dot, first, node, field, args, final_)
            }
            Arg::Identifier { name, .. } => {
                return self.eval_function(dot, first, name, At::Cmd(cmd), args, final_)
            }
            Arg::Pipe(p) => {
                self.not_a_function(args, &final_)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(dot, v, args, final_),
            _ => {}
        }
        self.node = At::Arg(first);
        self.not_a_function(args, &final_)?;
        match first {
            Arg::Bool { val, .. } => Ok(Val::new(V::Bool(*val))),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.fail(format_args!("nil is not a command"))),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String { text, .. } => Ok(Val::str(GoStr::from(text.clone()))),
            _ => Err(self.fail(format_args!(
                "can't evaluate command {}",
                strconv::quote(first.to_string().as_bytes())
            ))),
        }
    }

    /// Go's `idealConstant`: a number's syntax decides its type.
    fn ideal_constant(&mut self, arg: &'t Arg, n: &NumberNode) -> R<Val<'d>> {
        self.node = At::Arg(arg);
        let t = n.text.as_bytes();
        let is_hex_int = t.len() > 2
            && t[0] == b'0'
            && matches!(t[1], b'x' | b'X')
            && !n.text.contains(['p', 'P']);
        let is_rune = t.first() == Some(&b'\'');
        if n.is_complex {
            Ok(Val::new(V::Complex(n.complex.0, n.complex.1)))
        } else if n.is_float
            && !is_hex_int
            && !is_rune
            && n.text.contains(['.', 'e', 'E', 'p', 'P'])
        {
            Ok(Val::new(V::Float(n.float64)))
        } else if n.is_int {
            Ok(Val::new(V::Int(n.int64)))
        } else if n.is_uint {
            Err(self.fail(format_args!("{} overflows int", n.text)))
        } else {
            Ok(Val::missing())
        }
    }

    fn eval_field_node(
        &mut self,
        dot: &Val<'d>,
        field: &'t Arg,
        ident: &'t [String],
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        self.node = At::Arg(field);
        self.eval_field_chain(dot, dot.clone(), At::Arg(field), ident, args, final_)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Val<'d>,
        chain: &'t Arg,
        inner: &'t Arg,
        fields: &'t [String],
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        self.node = At::Arg(chain);
        if fields.is_empty() {
            return Err(self.fail(format_args!("internal error: no fields in evalChainNode")));
        }
        if matches!(inner, Arg::Nil { .. }) {
            return Err(self.fail(format_args!("indirection through explicit nil in {chain}")));
        }
        // (pipe).Field1.Field2: evaluate the pipeline, then the fields.
        let pipe = self.eval_arg(dot, None, inner)?;
        self.eval_field_chain(dot, pipe, At::Arg(chain), fields, args, final_)
    }

    fn eval_variable_node(
        &mut self,
        dot: &Val<'d>,
        var: &'t VariableNode,
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        self.node = At::Var(var);
        let name = var.ident.first().map(String::as_str).unwrap_or("$");
        let value = self.var_value(name)?;
        if var.ident.len() <= 1 {
            self.not_a_function(args, &final_)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, At::Var(var), &var.ident[1..], args, final_)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Val<'d>,
        receiver: Val<'d>,
        node: At<'t>,
        ident: &'t [String],
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        let Some((last, init)) = ident.split_last() else {
            return Ok(receiver);
        };
        let mut receiver = receiver;
        for name in init {
            receiver = self.eval_field(dot, name, node, None, None, receiver)?;
        }
        self.eval_field(dot, last, node, args, final_, receiver)
    }

    fn is_root(&self, m: &Map<String, Value>) -> bool {
        matches!(self.env.root, Value::Object(root) if std::ptr::eq(m, root))
    }

    /// Go's `evalField`: `.Name` on a struct or map, or a method call.
    fn eval_field(
        &mut self,
        dot: &Val<'d>,
        name: &str,
        node: At<'t>,
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
        receiver: Val<'d>,
    ) -> R<Val<'d>> {
        self.tick(1)?;
        if matches!(receiver.v, V::Missing) {
            if self.opts.missing_key_error {
                return Err(self.fail(format_args!(
                    "nil data; no entry for key {}",
                    strconv::quote(name.as_bytes())
                )));
            }
            return Ok(Val::missing());
        }
        let typ = self.env.static_type(&receiver);
        if matches!(receiver.v, V::Nil) && receiver.iface {
            return Err(self.fail(format_args!("nil pointer evaluating {typ}.{name}")));
        }
        if let V::Obj(m) = receiver.v {
            if !self.env.mode.raw && self.is_root(m) {
                if let Some(method) = self.opts.methods.iter().find(|x| x.name == name) {
                    return self.call_method(dot, method, node, args, final_);
                }
            }
        }
        let has_args = args.map_or(0, <[Arg]>::len) > 1 || final_.is_some();
        let mode = self.env.mode;
        match receiver.v {
            V::Obj(m) if mode.is_struct(m) => {
                // The Go field name, where its JSON key differs; the JSON key
                // itself is no field of the struct.
                let key = match self.opts.field_names.iter().find(|(go, _)| *go == name) {
                    Some((_, json)) => Some(*json),
                    None if self.opts.field_names.iter().any(|(_, json)| *json == name) => None,
                    None => Some(name),
                };
                if let Some(f) = key.and_then(|k| m.get(k)) {
                    if has_args {
                        return Err(self.fail(format_args!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok(Val::from_json(f, mode));
                }
            }
            V::Obj(m) => {
                if has_args {
                    return Err(self.fail(format_args!("{name} is not a method but has arguments")));
                }
                return match m.get(name) {
                    Some(f) => Ok(Val::from_json(f, mode)),
                    None if self.opts.missing_key_error => Err(self.fail(format_args!(
                        "map has no entry for key {}",
                        strconv::quote(name.as_bytes())
                    ))),
                    None => Ok(Val::missing()),
                };
            }
            _ => {}
        }
        Err(self.fail(format_args!("can't evaluate field {name} in type {typ}")))
    }

    /// A caller-supplied method of the root value, taking string arguments.
    fn call_method(
        &mut self,
        dot: &Val<'d>,
        method: &Method<'_>,
        node: At<'t>,
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        let call_args = args.and_then(|a| a.get(1..)).unwrap_or_default();
        let num_in = call_args.len() + usize::from(final_.is_some());
        if num_in != method.arity {
            return Err(self.fail(format_args!(
                "wrong number of args for {}: want {} got {num_in}",
                method.name, method.arity
            )));
        }
        let mut strings = Vec::with_capacity(num_in);
        for a in call_args {
            let v = self.eval_arg(dot, Some(Param::Str), a)?;
            strings.push(v);
        }
        if let Some(f) = final_ {
            strings.push(self.validate_type(f, Some(Param::Str))?);
        }
        let texts: Vec<String> = strings
            .iter()
            .map(|v| match &v.v {
                V::Str(s) => strconv::lossy(s.bytes()),
                _ => String::new(),
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        match (method.call)(&refs) {
            Ok(s) => Ok(Val::str(s.as_str())),
            Err(e) => {
                self.node = node;
                Err(self.fail(format_args!("error calling {}: {e}", method.name)))
            }
        }
    }

    fn eval_function(
        &mut self,
        dot: &Val<'d>,
        ident: &'t Arg,
        name: &str,
        call_node: At<'t>,
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        self.node = At::Arg(ident);
        let Some(f) = funcs::lookup(name) else {
            return Err(self.fail(format_args!(
                "{} is not a defined function",
                strconv::quote(name.as_bytes())
            )));
        };
        self.eval_call(dot, f, call_node, name, args, final_)
    }

    /// Go's `evalCall` for the builtin functions.
    fn eval_call(
        &mut self,
        dot: &Val<'d>,
        f: Func,
        node: At<'t>,
        name: &str,
        args: Option<&'t [Arg]>,
        final_: Option<Val<'d>>,
    ) -> R<Val<'d>> {
        let args = args.and_then(|a| a.get(1..)).unwrap_or_default();
        let sig = f.sig(self.opts.header);
        let num_in = args.len() + usize::from(final_.is_some());
        let num_fixed = if sig.variadic.is_some() {
            if num_in < sig.params.len() {
                return Err(self.fail(format_args!(
                    "wrong number of args for {name}: want at least {} got {}",
                    sig.params.len(),
                    args.len()
                )));
            }
            sig.params.len()
        } else {
            if num_in != sig.params.len() {
                return Err(self.fail(format_args!(
                    "wrong number of args for {name}: want {} got {num_in}",
                    sig.params.len()
                )));
            }
            args.len()
        };
        // `and` and `or` evaluate their arguments only as far as needed.
        if matches!(f, Func::And | Func::Or) {
            let mut v = Val::missing();
            for a in args {
                v = self.eval_arg(dot, Some(Param::Value), a)?;
                if truth(&v.clone().unwrap_iface().v) == (f == Func::Or) {
                    return Ok(v);
                }
            }
            if let Some(fin) = final_ {
                v = self.validate_type(fin, Some(Param::Value))?;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            let p = sig.params.get(i).copied().unwrap_or(Param::Any);
            argv.push(self.eval_arg(dot, Some(p), &args[i])?);
            i += 1;
        }
        if let Some(vt) = sig.variadic {
            while i < args.len() {
                argv.push(self.eval_arg(dot, Some(vt), &args[i])?);
                i += 1;
            }
        }
        if let Some(fin) = final_ {
            let t = match sig.variadic {
                Some(vt) => {
                    if num_in - 1 < num_fixed {
                        sig.params.get(num_in - 1).copied().unwrap_or(vt)
                    } else {
                        vt
                    }
                }
                None => sig.params.last().copied().unwrap_or(Param::Any),
            };
            argv.push(self.validate_type(fin, Some(t))?);
        }
        let result = {
            let cx = CallCtx {
                env: &self.env,
                max_len: self.opts.limits.max_value,
                header: self.opts.header,
            };
            funcs::call(f, argv, &cx)
        };
        match result {
            Ok(v) => {
                // Long results cost steps, so loops cannot churn out data forever.
                let cost = match &v.v {
                    V::Str(s) => s.bytes().len() / 64,
                    V::Strs(l) => l.len(),
                    _ => 0,
                };
                self.tick(u64::try_from(cost).unwrap_or(u64::MAX))?;
                Ok(v)
            }
            Err(e) => {
                self.node = node;
                Err(self.fail(format_args!("error calling {name}: {e}")))
            }
        }
    }

    /// Go's `evalArg`: evaluates an argument for a parameter of type `typ`
    /// (`None` for a chain's receiver).
    fn eval_arg(&mut self, dot: &Val<'d>, typ: Option<Param>, n: &'t Arg) -> R<Val<'d>> {
        self.node = At::Arg(n);
        match n {
            Arg::Dot { .. } => return self.validate_type(dot.clone(), typ),
            Arg::Nil { .. } => {
                return match typ {
                    None => Ok(Val::missing()),
                    Some(t) if t.can_be_nil() => Ok(zero(t)),
                    Some(t) => Err(self.fail(format_args!("cannot assign nil to {}", t.go_name()))),
                };
            }
            Arg::Field { ident, .. } => {
                let v = self.eval_field_node(dot, n, ident, None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable(var) => {
                let v = self.eval_variable_node(dot, var, None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, p)?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier { name, .. } => {
                let v = self.eval_function(dot, n, name, At::Arg(n), None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain { node, field, .. } => {
                let v = self.eval_chain_node(dot, n, node, field, None, None)?;
                return self.validate_type(v, typ);
            }
            Arg::Bool { .. } | Arg::Number(_) | Arg::String { .. } => {}
        }
        match typ {
            Some(Param::Str) => match n {
                Arg::String { text, .. } => Ok(Val::str(GoStr::from(text.clone()))),
                _ => Err(self.fail(format_args!("expected string; found {n}"))),
            },
            Some(Param::Int) => match n {
                Arg::Number(num) if num.is_int => Ok(Val::new(V::Int(num.int64))),
                _ => Err(self.fail(format_args!("expected integer; found {n}"))),
            },
            Some(Param::StrSlice) => {
                Err(self.fail(format_args!("can't handle {n} for arg of type []string")))
            }
            Some(Param::Any | Param::Value) | None => match n {
                Arg::Bool { val, .. } => Ok(Val::new(V::Bool(*val))),
                Arg::Number(num) => self.ideal_constant(n, num),
                Arg::String { text, .. } => Ok(Val::str(GoStr::from(text.clone()))),
                _ => Err(self.fail(format_args!(
                    "can't handle assignment of {n} to empty interface argument"
                ))),
            },
        }
    }

    /// Go's `validateType`: checks (and where Go does, converts) a value for
    /// a parameter type.
    fn validate_type(&self, value: Val<'d>, typ: Option<Param>) -> R<Val<'d>> {
        if matches!(value.v, V::Missing) {
            return match typ {
                None | Some(Param::Value) => Ok(value),
                // A nil interface.
                Some(Param::Any) => Ok(Val {
                    v: V::Nil,
                    iface: true,
                }),
                Some(Param::StrSlice) => Ok(Val::new(V::Strs(Rc::from(Vec::new())))),
                Some(t) => Err(self.fail(format_args!("invalid value; expected {}", t.go_name()))),
            };
        }
        let got = |s: &Self, v: &Val<'d>| {
            if v.iface && matches!(v.v, V::Nil) {
                "interface {}".to_owned()
            } else {
                s.env.type_name(&v.v)
            }
        };
        match typ {
            None | Some(Param::Any | Param::Value) => Ok(value),
            Some(Param::Str) => match value.v {
                V::Str(_) => Ok(Val::new(value.v)),
                _ => Err(self.fail(format_args!(
                    "wrong type for value; expected string; got {}",
                    got(self, &value)
                ))),
            },
            Some(Param::Int) => match value.v {
                V::Int(_) => Ok(Val::new(value.v)),
                _ => Err(self.fail(format_args!(
                    "wrong type for value; expected int; got {}",
                    got(self, &value)
                ))),
            },
            Some(Param::StrSlice) => match value.v {
                V::Strs(_) => Ok(Val::new(value.v)),
                V::Arr(a) if !self.env.mode.raw && a.iter().all(Value::is_string) => {
                    let list: Vec<Vec<u8>> = a
                        .iter()
                        .map(|v| v.as_str().unwrap_or_default().as_bytes().to_vec())
                        .collect();
                    Ok(Val::new(V::Strs(Rc::from(list))))
                }
                V::Nil if !value.iface => Ok(Val::new(V::Strs(Rc::from(Vec::new())))),
                _ => Err(self.fail(format_args!(
                    "wrong type for value; expected []string; got {}",
                    got(self, &value)
                ))),
            },
        }
    }
}

/// `reflect.Zero` of a nil-able parameter type.
fn zero<'d>(t: Param) -> Val<'d> {
    match t {
        Param::StrSlice => Val::new(V::Strs(Rc::from(Vec::new()))),
        Param::Value => Val::missing(),
        _ => Val {
            v: V::Nil,
            iface: true,
        },
    }
}
