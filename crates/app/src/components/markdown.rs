//! Lesson text as Yew nodes: [`crate::markdown`]'s blocks and inlines become
//! elements whose text is always a text node. Links open in a new tab with
//! `rel="noopener noreferrer"`, and only for absolute http(s) URLs.

use yew::prelude::*;

use crate::markdown::{self, Block, Inline};

/// Inline runs.
pub fn inlines(items: &[Inline]) -> Html {
    html! {
        { for items.iter().map(|i| match i {
            Inline::Text(t) => html! { { t.clone() } },
            Inline::Code(t) => html! { <code>{ t.clone() }</code> },
            Inline::Strong(x) => html! { <strong>{ inlines(x) }</strong> },
            Inline::Em(x) => html! { <em>{ inlines(x) }</em> },
            Inline::Link { text, href: Some(href) } => html! {
                <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ inlines(text) }</a>
            },
            Inline::Link { text, href: None } => inlines(text),
        }) }
    }
}

/// One line of Markdown (hints, success messages).
pub fn line(text: &str) -> Html {
    inlines(&markdown::inline(text))
}

/// A piece of lesson text.
pub fn text(source: &str) -> Html {
    html! {
        { for markdown::parse(source).into_iter().map(|b| match b {
            Block::Para(x) => html! { <p>{ inlines(&x) }</p> },
            Block::Heading(x) => html! { <h4>{ inlines(&x) }</h4> },
            Block::Code(code) => html! { <pre class="md-code">{ code }</pre> },
            Block::List { ordered: true, items } => html! {
                <ol>{ for items.iter().map(|i| html! { <li>{ inlines(i) }</li> }) }</ol>
            },
            Block::List { ordered: false, items } => html! {
                <ul>{ for items.iter().map(|i| html! { <li>{ inlines(i) }</li> }) }</ul>
            },
        }) }
    }
}
