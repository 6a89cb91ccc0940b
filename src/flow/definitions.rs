//! The definitions a parameter schema refers to (`#/definitions/Name`): enums and model-like
//! classes (pydantic models, dataclasses, TypedDicts) as pydantic writes them, and unions of
//! models told apart by a discriminator.

use ruff_python_ast::Expr;
use serde_json::{json, Map, Value};

use super::ast::{literal, name_of};
use super::classes::{python_title, Class};
use super::config::{extra_name, Config};
use super::jsonschema::{constrain, literal_schema, sorted};
use super::schema::Reader;
use super::{defaults, docstring};

impl Reader<'_> {
    /// A class's schema as pydantic writes it.
    pub(super) fn definition(&self, name: &str) -> Option<Value> {
        match self.ns.classes.get(name)? {
            Class::Enum(members) => {
                let values: Vec<Value> = members.iter().map(|(_, v)| v.clone()).collect();
                let mut m = match literal_schema(values.clone()) {
                    Value::Object(m) => m,
                    _ => Map::new(),
                };
                m.remove("const");
                m.insert("enum".into(), Value::Array(values.clone()));
                m.insert("title".into(), json!(name));
                Some(Value::Object(sorted(m)))
            }
            Class::Model(model) => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for f in &model.fields {
                    let mut prop = match self.type_schema(&f.annotation) {
                        Some(Value::Object(m)) => m,
                        _ => {
                            self.warn(
                                &f.annotation,
                                &f.name,
                                &format!(
                                    "the type of {name}.{} is not understood statically",
                                    f.name
                                ),
                            );
                            Map::new()
                        }
                    };
                    let bare_ref = is_reference(&prop);
                    constrain(
                        &mut prop,
                        f.keywords.iter().map(|(k, e)| (k.as_str(), e)),
                        self.ns,
                    );
                    match &f.default {
                        None => required.push(json!(f.name)),
                        Some(Some(d)) => {
                            if let Some(v) = self.default(d, &f.name) {
                                prop.insert("default".into(), v);
                            }
                        }
                        Some(None) => {}
                    }
                    if let Some(d) = &f.description {
                        prop.insert("description".into(), json!(d));
                    }
                    match &f.title {
                        Some(t) => {
                            prop.insert("title".into(), json!(t));
                        }
                        None if !bare_ref => {
                            prop.insert(
                                "title".into(),
                                json!(python_title(&f.name.replace('_', " "))),
                            );
                        }
                        None => {}
                    }
                    // `json_schema_extra` goes over the title and description too.
                    let extra = f.keywords.iter().find(|(k, _)| k == "json_schema_extra");
                    if let Some(Value::Object(extra)) =
                        extra.and_then(|(_, e)| defaults::value(e, self.ns))
                    {
                        prop.extend(extra);
                    }
                    properties.insert(f.name.clone(), Value::Object(sorted(prop)));
                }
                let mut m = Map::new();
                if let Some(doc) = &model.doc {
                    m.insert("description".into(), json!(docstring::cleandoc(doc)));
                }
                m.insert("properties".into(), Value::Object(properties));
                if !required.is_empty() {
                    m.insert("required".into(), Value::Array(required));
                }
                m.insert("title".into(), json!(name));
                m.insert("type".into(), json!("object"));
                self.configure(&mut m, name, &model.config);
                Some(Value::Object(sorted(m)))
            }
        }
    }

    /// What model `name`'s configuration changes in its schema `m`, as pydantic 2 writes it:
    /// `extra` as `additionalProperties`, `title`, then `json_schema_extra` over it all. An
    /// option pinflow cannot read is left out, with a warning.
    fn configure(&self, m: &mut Map<String, Value>, name: &str, config: &Config) {
        for option in &config.unread {
            self.warn_config(name, option);
        }
        if let Some(e) = config.get("extra") {
            let resolved = defaults::value(e, self.ns);
            let extra = extra_name(e).or(resolved.as_ref().and_then(Value::as_str));
            match extra {
                Some("forbid") => {
                    m.insert("additionalProperties".into(), json!(false));
                }
                Some("allow") => {
                    m.insert("additionalProperties".into(), json!(true));
                }
                Some("ignore") => {}
                _ => self.warn_config(name, "extra"),
            }
        }
        if let Some(e) = config.get("title") {
            match defaults::value(e, self.ns) {
                Some(Value::String(t)) => {
                    m.insert("title".into(), json!(t));
                }
                _ => self.warn_config(name, "title"),
            }
        }
        if let Some(e) = config.get("json_schema_extra") {
            match defaults::value(e, self.ns) {
                Some(Value::Object(extra)) => m.extend(extra),
                _ => self.warn_config(name, "json_schema_extra"),
            }
        }
    }

    /// A union of models told apart by field `property` (`Field(discriminator=...)`), as
    /// pydantic writes it: `oneOf`, and a mapping from each model's literal value of that field
    /// to its definition.
    pub(super) fn discriminate(&self, schema: &mut Map<String, Value>, property: &str) {
        let Some(Value::Array(members)) = schema.get("anyOf").cloned() else {
            return;
        };
        let mut mapping = Map::new();
        for member in &members {
            let Some(target) = member["$ref"].as_str() else {
                return;
            };
            let name = target.trim_start_matches("#/definitions/");
            let Some(Class::Model(model)) = self.ns.classes.get(name) else {
                return;
            };
            let values = model
                .fields
                .iter()
                .find(|f| f.name == property)
                .and_then(|f| match &f.annotation {
                    Expr::Subscript(sub) if name_of(&sub.value) == Some("Literal") => {
                        match &*sub.slice {
                            Expr::Tuple(t) => t.elts.iter().map(literal).collect(),
                            one => literal(one).map(|v| vec![v]),
                        }
                    }
                    _ => None,
                });
            for value in values.into_iter().flatten() {
                if let Value::String(v) = value {
                    mapping.insert(v, json!(target));
                }
            }
        }
        schema.remove("anyOf");
        schema.insert("oneOf".into(), Value::Array(members));
        schema.insert(
            "discriminator".into(),
            json!({"mapping": mapping, "propertyName": property}),
        );
    }
}

/// Whether a field's schema is a reference to a definition, or an optional one (`Optional[M]`):
/// pydantic gives such a field no title of its own.
fn is_reference(prop: &Map<String, Value>) -> bool {
    let bare = |m: &Map<String, Value>| m.len() == 1 && m.contains_key("$ref");
    if bare(prop) {
        return true;
    }
    match prop.get("anyOf") {
        Some(Value::Array(members)) if prop.len() == 1 && members.len() == 2 => {
            let null = json!({"type": "null"});
            members.contains(&null) && members.iter().any(|m| m.as_object().is_some_and(bare))
        }
        _ => false,
    }
}
