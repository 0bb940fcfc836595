//! `#[derive(FromJson)]` for `yishi-json`.
//!
//! It reads the same `#[serde(...)]` attributes as serde's derive, so the contract types are
//! annotated once, and reproduces serde's decoding rules for them. An attribute it does not
//! know is a compile error: a future contract change must not silently decode differently here.
//!
//! Supported:
//! - containers: `rename_all = "…"`, `tag = "…"` (internally tagged enums), `untagged`;
//! - fields: `rename`, `default`, `default = "path"`, `flatten`, and the serialise-only
//!   `skip_serializing_if` and `skip_serializing` (ignored);
//! - variants: `rename`, `rename_all` (for a struct variant's fields), `other`, `untagged`
//!   (trailing fallbacks of an externally tagged enum).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::ext::IdentExt;
use syn::{
    Attribute, Data, DeriveInput, Error, Fields, FieldsNamed, LitStr, Path, Result,
    parse_macro_input,
};

#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

// -------------------------------------------------------------------------------------------
// Attributes

#[derive(Clone, Copy)]
enum Rule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Rule {
    fn parse(lit: &LitStr) -> Result<Rule> {
        Ok(match lit.value().as_str() {
            "lowercase" => Rule::Lower,
            "UPPERCASE" => Rule::Upper,
            "PascalCase" => Rule::Pascal,
            "camelCase" => Rule::Camel,
            "snake_case" => Rule::Snake,
            "SCREAMING_SNAKE_CASE" => Rule::ScreamingSnake,
            "kebab-case" => Rule::Kebab,
            "SCREAMING-KEBAB-CASE" => Rule::ScreamingKebab,
            _ => {
                return Err(Error::new(
                    lit.span(),
                    "yishi-json: unknown rename_all rule",
                ));
            }
        })
    }

    /// serde's `RenameRule::apply_to_variant`: the input is a PascalCase variant name.
    fn variant(self, name: &str) -> String {
        match self {
            Rule::Pascal => name.to_owned(),
            Rule::Lower => name.to_ascii_lowercase(),
            Rule::Upper => name.to_ascii_uppercase(),
            Rule::Camel => name[..1].to_ascii_lowercase() + &name[1..],
            Rule::Snake => {
                let mut out = String::new();
                for (i, c) in name.char_indices() {
                    if i > 0 && c.is_uppercase() {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                out
            }
            Rule::ScreamingSnake => Rule::Snake.variant(name).to_ascii_uppercase(),
            Rule::Kebab => Rule::Snake.variant(name).replace('_', "-"),
            Rule::ScreamingKebab => Rule::ScreamingSnake.variant(name).replace('_', "-"),
        }
    }

    /// serde's `RenameRule::apply_to_field`: the input is a snake_case field name.
    fn field(self, name: &str) -> String {
        match self {
            Rule::Lower | Rule::Snake => name.to_owned(),
            Rule::Upper | Rule::ScreamingSnake => name.to_ascii_uppercase(),
            Rule::Pascal => {
                let mut out = String::new();
                let mut capitalize = true;
                for c in name.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        out.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            Rule::Camel => {
                let pascal = Rule::Pascal.field(name);
                pascal[..1].to_ascii_lowercase() + &pascal[1..]
            }
            Rule::Kebab => name.replace('_', "-"),
            Rule::ScreamingKebab => Rule::ScreamingSnake.field(name).replace('_', "-"),
        }
    }
}

#[derive(Default)]
struct ContainerAttrs {
    rename_all: Option<Rule>,
    tag: Option<String>,
    untagged: bool,
}

enum DefaultAttr {
    None,
    Default,
    Path(Path),
}

struct FieldAttrs {
    rename: Option<String>,
    default: DefaultAttr,
    flatten: bool,
}

#[derive(Default)]
struct VariantAttrs {
    rename: Option<String>,
    rename_all: Option<Rule>,
    other: bool,
    untagged: bool,
}

/// Calls `each` for every item inside every `#[serde(...)]`.
fn serde_items(
    attrs: &[Attribute],
    mut each: impl FnMut(syn::meta::ParseNestedMeta) -> Result<()>,
) -> Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(&mut each)?;
    }
    Ok(())
}

fn unsupported(meta: &syn::meta::ParseNestedMeta, place: &str) -> Error {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "?".to_owned(), ToString::to_string);
    meta.error(format!(
        "yishi-json: `#[serde({name})]` on a {place} is not supported by #[derive(FromJson)]; \
         teach json/derive its meaning before using it"
    ))
}

fn once<T>(slot: &mut Option<T>, value: T, meta: &syn::meta::ParseNestedMeta) -> Result<()> {
    if slot.is_some() {
        return Err(meta.error("yishi-json: duplicate serde attribute"));
    }
    *slot = Some(value);
    Ok(())
}

fn container_attrs(attrs: &[Attribute]) -> Result<ContainerAttrs> {
    let mut out = ContainerAttrs::default();
    serde_items(attrs, |meta| {
        if meta.path.is_ident("rename_all") {
            let rule = Rule::parse(&meta.value()?.parse()?)?;
            once(&mut out.rename_all, rule, &meta)
        } else if meta.path.is_ident("tag") {
            let tag: LitStr = meta.value()?.parse()?;
            once(&mut out.tag, tag.value(), &meta)
        } else if meta.path.is_ident("untagged") {
            out.untagged = true;
            Ok(())
        } else {
            Err(unsupported(&meta, "type"))
        }
    })?;
    Ok(out)
}

fn field_attrs(attrs: &[Attribute]) -> Result<FieldAttrs> {
    let mut rename = None;
    let mut default = None;
    let mut flatten = false;
    serde_items(attrs, |meta| {
        if meta.path.is_ident("rename") {
            let name: LitStr = meta.value()?.parse()?;
            once(&mut rename, name.value(), &meta)
        } else if meta.path.is_ident("default") {
            let value = if meta.input.peek(syn::Token![=]) {
                let path: LitStr = meta.value()?.parse()?;
                DefaultAttr::Path(path.parse()?)
            } else {
                DefaultAttr::Default
            };
            once(&mut default, value, &meta)
        } else if meta.path.is_ident("flatten") {
            flatten = true;
            Ok(())
        } else if meta.path.is_ident("skip_serializing_if") {
            // Serialisation only.
            let _: LitStr = meta.value()?.parse()?;
            Ok(())
        } else if meta.path.is_ident("skip_serializing") {
            Ok(())
        } else {
            Err(unsupported(&meta, "field"))
        }
    })?;
    Ok(FieldAttrs {
        rename,
        default: default.unwrap_or(DefaultAttr::None),
        flatten,
    })
}

fn variant_attrs(attrs: &[Attribute]) -> Result<VariantAttrs> {
    let mut out = VariantAttrs::default();
    serde_items(attrs, |meta| {
        if meta.path.is_ident("rename") {
            let name: LitStr = meta.value()?.parse()?;
            once(&mut out.rename, name.value(), &meta)
        } else if meta.path.is_ident("rename_all") {
            let rule = Rule::parse(&meta.value()?.parse()?)?;
            once(&mut out.rename_all, rule, &meta)
        } else if meta.path.is_ident("other") {
            out.other = true;
            Ok(())
        } else if meta.path.is_ident("untagged") {
            out.untagged = true;
            Ok(())
        } else {
            Err(unsupported(&meta, "variant"))
        }
    })?;
    Ok(out)
}

// -------------------------------------------------------------------------------------------
// Code generation. `__v` is the value being decoded, `__o` the members of its object.

fn expand(input: &DeriveInput) -> Result<Tokens> {
    let attrs = container_attrs(&input.attrs)?;
    let body = match &input.data {
        Data::Struct(data) => {
            if attrs.tag.is_some() || attrs.untagged {
                return Err(Error::new_spanned(
                    &input.ident,
                    "yishi-json: `tag`/`untagged` apply to enums only",
                ));
            }
            match &data.fields {
                Fields::Named(fields) => {
                    let build = struct_fields(quote!(Self), fields, attrs.rename_all)?;
                    quote! {
                        let __o = ::yishi_json::object(__v)?;
                        ::core::result::Result::Ok(#build)
                    }
                }
                // A newtype struct is its content, as in serde.
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                    check_no_field_attrs(&fields.unnamed[0].attrs)?;
                    quote!(::yishi_json::FromJson::from_json(__v).map(Self))
                }
                Fields::Unnamed(_) => {
                    return Err(Error::new_spanned(
                        &input.ident,
                        "yishi-json: tuple structs are not supported",
                    ));
                }
                Fields::Unit => quote! {
                    ::yishi_json::null(__v)?;
                    ::core::result::Result::Ok(Self)
                },
            }
        }
        Data::Enum(data) => {
            let variants = data
                .variants
                .iter()
                .map(|v| Ok((v, variant_attrs(&v.attrs)?)))
                .collect::<Result<Vec<_>>>()?;
            if attrs.untagged {
                if attrs.tag.is_some() {
                    return Err(Error::new_spanned(
                        &input.ident,
                        "yishi-json: `tag` and `untagged` together",
                    ));
                }
                untagged_enum(&variants)?
            } else if let Some(tag) = &attrs.tag {
                internally_tagged_enum(tag, &variants, attrs.rename_all)?
            } else {
                externally_tagged_enum(&variants, attrs.rename_all)?
            }
        }
        Data::Union(_) => {
            return Err(Error::new_spanned(
                &input.ident,
                "yishi-json: unions are not supported",
            ));
        }
    };

    let name = &input.ident;
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(::yishi_json::FromJson));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::yishi_json::FromJson for #name #ty_generics #where_clause {
            fn from_json(__v: &::yishi_json::Json) -> ::core::result::Result<Self, ::yishi_json::Error> {
                #body
            }
        }
    })
}

fn check_no_field_attrs(attrs: &[Attribute]) -> Result<()> {
    let parsed = field_attrs(attrs)?;
    if parsed.rename.is_some() || parsed.flatten || !matches!(parsed.default, DefaultAttr::None) {
        let attr = attrs
            .iter()
            .find(|a| a.path().is_ident("serde"))
            .expect("a serde attribute");
        return Err(Error::new_spanned(
            attr,
            "yishi-json: serde attributes on an unnamed field are not supported",
        ));
    }
    Ok(())
}

/// `constructor { field: …, … }` reading the fields from `__o` (flattened ones from `__v`).
fn struct_fields(constructor: Tokens, fields: &FieldsNamed, rule: Option<Rule>) -> Result<Tokens> {
    let mut inits = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().expect("a named field");
        let attrs = field_attrs(&field.attrs)?;
        let init = if attrs.flatten {
            if attrs.rename.is_some() || !matches!(attrs.default, DefaultAttr::None) {
                return Err(Error::new_spanned(
                    ident,
                    "yishi-json: `flatten` with `rename` or `default`",
                ));
            }
            // The flattened struct reads the same object; members it does not know are ignored.
            quote!(::yishi_json::FromJson::from_json(__v)?)
        } else {
            let unraw = ident.unraw().to_string();
            let key = attrs
                .rename
                .unwrap_or_else(|| rule.map_or_else(|| unraw.clone(), |r| r.field(&unraw)));
            match attrs.default {
                DefaultAttr::None => quote!(::yishi_json::field(__o, #key)?),
                DefaultAttr::Default => quote!(::yishi_json::field_or_default(__o, #key)?),
                DefaultAttr::Path(path) => quote!(::yishi_json::field_or(__o, #key, #path)?),
            }
        };
        inits.push(quote!(#ident: #init));
    }
    Ok(quote!(#constructor { #(#inits,)* }))
}

fn variant_name(variant: &syn::Variant, attrs: &VariantAttrs, rule: Option<Rule>) -> String {
    let ident = variant.ident.unraw().to_string();
    attrs
        .rename
        .clone()
        .unwrap_or_else(|| rule.map_or_else(|| ident.clone(), |r| r.variant(&ident)))
}

/// Checks the `#[serde(other)]` variant (at most one, a unit) and returns it.
fn other_variant<'a>(
    variants: &[(&'a syn::Variant, VariantAttrs)],
) -> Result<Option<&'a syn::Ident>> {
    let mut other = None;
    for (v, attrs) in variants {
        if attrs.other {
            if other.is_some() || !matches!(v.fields, Fields::Unit) {
                return Err(Error::new_spanned(
                    &v.ident,
                    "yishi-json: `other` must be one unit variant",
                ));
            }
            other = Some(&v.ident);
        }
    }
    Ok(other)
}

/// Serde's default representation: `"unit"` or `{"name": content}`, then any trailing
/// `#[serde(untagged)]` variants tried in order when that fails.
fn externally_tagged_enum(
    variants: &[(&syn::Variant, VariantAttrs)],
    rule: Option<Rule>,
) -> Result<Tokens> {
    let other = other_variant(variants)?;
    let tagged: Vec<_> = variants
        .iter()
        .filter(|(_, a)| !a.untagged && !a.other)
        .collect();
    let untagged: Vec<_> = variants.iter().filter(|(_, a)| a.untagged).collect();
    if let Some((first, _)) = untagged.first() {
        let first_index = variants
            .iter()
            .position(|(v, _)| v.ident == first.ident)
            .unwrap_or(0);
        if variants[first_index..].iter().any(|(_, a)| !a.untagged) {
            return Err(Error::new_spanned(
                &first.ident,
                "yishi-json: untagged variants must come last",
            ));
        }
    }
    let names: Vec<String> = tagged
        .iter()
        .map(|(v, a)| variant_name(v, a, rule))
        .collect();
    let has_other = other.is_some();

    // Open enums (all units): one shared helper call and a jump table.
    if untagged.is_empty() && tagged.iter().all(|(v, _)| matches!(v.fields, Fields::Unit)) {
        let bodies = tagged.iter().map(|(v, _)| {
            let ident = &v.ident;
            quote!(Self::#ident)
        });
        let (arms, fallback) =
            match_arms(bodies.collect(), other.map(|ident| quote!(Self::#ident)))?;
        return Ok(quote! {
            ::core::result::Result::Ok(match ::yishi_json::unit_variant(__v, &[#(#names),*], #has_other)? {
                #(#arms,)*
                #fallback
            })
        });
    }

    let mut bodies = Vec::new();
    for ((v, attrs), name) in tagged.iter().zip(&names) {
        let ident = &v.ident;
        bodies.push(match &v.fields {
            Fields::Unit => quote!({ ::yishi_json::unit(__c)?; Self::#ident }),
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                check_no_field_attrs(&fields.unnamed[0].attrs)?;
                quote! {
                    Self::#ident(
                        ::yishi_json::FromJson::from_json(::yishi_json::content(__c, #name)?)
                            .map_err(|e| e.at(#name))?
                    )
                }
            }
            Fields::Named(fields) => {
                let build = struct_fields(quote!(Self::#ident), fields, attrs.rename_all)?;
                quote! {
                    (|| -> ::core::result::Result<Self, ::yishi_json::Error> {
                        let __v = ::yishi_json::content(__c, #name)?;
                        let __o = ::yishi_json::object(__v)?;
                        ::core::result::Result::Ok(#build)
                    })()
                    .map_err(|e| e.at(#name))?
                }
            }
            Fields::Unnamed(_) => {
                return Err(Error::new_spanned(
                    ident,
                    "yishi-json: tuple variants are not supported",
                ));
            }
        });
    }
    let other_body = other.map(|ident| quote!({ ::yishi_json::unit(__c)?; Self::#ident }));
    let (arms, fallback) = match_arms(bodies, other_body)?;
    let tagged_body = quote! {
        let (__i, __c) = ::yishi_json::variant(__v, &[#(#names),*], #has_other)?;
        ::core::result::Result::Ok(match __i {
            #(#arms,)*
            #fallback
        })
    };
    if untagged.is_empty() {
        return Ok(tagged_body);
    }
    let attempts = untagged
        .iter()
        .map(|(v, attrs)| untagged_attempt(v, attrs))
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        let __tagged = (|| -> ::core::result::Result<Self, ::yishi_json::Error> { #tagged_body })();
        if __tagged.is_ok() {
            return __tagged;
        }
        #(#attempts)*
        ::core::result::Result::Err(::yishi_json::Error::new(::yishi_json::ErrorKind::NoVariantMatched))
    })
}

/// Numbered match arms for the known variants, and the wildcard: the `other` variant, or else
/// the last known one (the helpers only return indices in range, so that is exhaustive).
fn match_arms(mut bodies: Vec<Tokens>, other: Option<Tokens>) -> Result<(Vec<Tokens>, Tokens)> {
    let fallback = match other {
        Some(body) => body,
        None => bodies.pop().ok_or_else(|| {
            Error::new(
                proc_macro2::Span::call_site(),
                "yishi-json: an enum without variants",
            )
        })?,
    };
    let arms = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| quote!(#i => #body))
        .collect();
    Ok((arms, quote!(_ => #fallback)))
}

/// `if let Ok(x) = <variant from __v> { return Ok(x) }`
fn untagged_attempt(v: &syn::Variant, attrs: &VariantAttrs) -> Result<Tokens> {
    let ident = &v.ident;
    if attrs.rename.is_some() || attrs.other {
        return Err(Error::new_spanned(
            ident,
            "yishi-json: `rename`/`other` on an untagged variant",
        ));
    }
    Ok(match &v.fields {
        Fields::Unit => quote! {
            if ::yishi_json::null(__v).is_ok() {
                return ::core::result::Result::Ok(Self::#ident);
            }
        },
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            check_no_field_attrs(&fields.unnamed[0].attrs)?;
            quote! {
                if let ::core::result::Result::Ok(__x) = ::yishi_json::FromJson::from_json(__v) {
                    return ::core::result::Result::Ok(Self::#ident(__x));
                }
            }
        }
        Fields::Named(fields) => {
            let build = struct_fields(quote!(Self::#ident), fields, attrs.rename_all)?;
            quote! {
                if let ::core::result::Result::Ok(__x) = (|| -> ::core::result::Result<Self, ::yishi_json::Error> {
                    let __o = ::yishi_json::object(__v)?;
                    ::core::result::Result::Ok(#build)
                })() {
                    return ::core::result::Result::Ok(__x);
                }
            }
        }
        Fields::Unnamed(_) => {
            return Err(Error::new_spanned(
                ident,
                "yishi-json: tuple variants are not supported",
            ));
        }
    })
}

/// `#[serde(untagged)]` on the enum: the first variant that decodes wins.
fn untagged_enum(variants: &[(&syn::Variant, VariantAttrs)]) -> Result<Tokens> {
    let attempts = variants
        .iter()
        .map(|(v, attrs)| untagged_attempt(v, attrs))
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        #(#attempts)*
        ::core::result::Result::Err(::yishi_json::Error::new(::yishi_json::ErrorKind::NoVariantMatched))
    })
}

/// `#[serde(tag = "…")]`: `{"type": "name", …content…}`; unit and struct variants.
fn internally_tagged_enum(
    tag: &str,
    variants: &[(&syn::Variant, VariantAttrs)],
    rule: Option<Rule>,
) -> Result<Tokens> {
    let other = other_variant(variants)?;
    let known: Vec<_> = variants.iter().filter(|(_, a)| !a.other).collect();
    let mut names = Vec::new();
    let mut bodies = Vec::new();
    for (v, attrs) in &known {
        let ident = &v.ident;
        if attrs.untagged {
            return Err(Error::new_spanned(
                ident,
                "yishi-json: untagged variants in an internally tagged enum",
            ));
        }
        names.push(variant_name(v, attrs, rule));
        bodies.push(match &v.fields {
            Fields::Unit => quote!(Self::#ident),
            Fields::Named(fields) => struct_fields(quote!(Self::#ident), fields, attrs.rename_all)?,
            Fields::Unnamed(_) => {
                return Err(Error::new_spanned(
                    ident,
                    "yishi-json: newtype variants in an internally tagged enum",
                ));
            }
        });
    }
    let has_other = other.is_some();
    let (arms, fallback) = match_arms(bodies, other.map(|ident| quote!(Self::#ident)))?;
    Ok(quote! {
        let __o = ::yishi_json::object(__v)?;
        ::core::result::Result::Ok(match ::yishi_json::internal_tag(__o, #tag, &[#(#names),*], #has_other)? {
            #(#arms,)*
            #fallback
        })
    })
}
