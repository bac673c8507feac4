//! Reading `extra`: any JSON object, kept as it is, except that a key repeated inside one
//! object (at any depth) is refused rather than silently keeping the last value.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::Extra;
use crate::text::quoted;

/// For `#[serde(deserialize_with)]` on `Option<Extra>` fields: `null` is no extra.
pub(super) fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Extra>, D::Error> {
    deserializer.deserialize_option(OptionalObject)
}

struct OptionalObject;

impl<'de> Visitor<'de> for OptionalObject {
    type Value = Option<Extra>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(Object).map(Some)
    }
}

/// An object whose keys are each given once.
struct Object;

impl<'de> Visitor<'de> for Object {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                // Failing inside the value puts the key in the error's path (`extra.a`).
                map.next_value_seed(Repeated(&key))?;
                return Err(de::Error::custom(repeated(&key)));
            }
            let value = map.next_value_seed(AnyValue)?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

fn repeated(key: &str) -> String {
    format!("the key {} appears twice", quoted(key))
}

/// The value of a repeated key: refused before it is read.
struct Repeated<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Repeated<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, _deserializer: D) -> Result<(), D::Error> {
        Err(de::Error::custom(repeated(self.0)))
    }
}

/// Any JSON value, as `serde_json::Value` reads it, with objects read by `Object`.
struct AnyValue;

impl<'de> DeserializeSeed<'de> for AnyValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(value) = seq.next_element_seed(AnyValue)? {
            out.push(value);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        Object.visit_map(map).map(Value::Object)
    }
}

/// How deep `extra` nests: 1 for an object of plain values, one more for each object or
/// array inside.
pub fn depth(extra: &Extra) -> usize {
    fn of(value: &Value) -> usize {
        match value {
            Value::Array(items) => 1 + items.iter().map(of).max().unwrap_or(0),
            Value::Object(map) => 1 + map.values().map(of).max().unwrap_or(0),
            _ => 0,
        }
    }
    1 + extra.values().map(of).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Holder {
        #[serde(default, deserialize_with = "optional")]
        extra: Option<Extra>,
    }

    fn read(json: &str) -> Result<Option<Extra>, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize::<_, Holder>(&mut de).map(|h| h.extra).map_err(|e| {
            let path = e.path().to_string();
            format!("{path}: {}", e.into_inner())
        })
    }

    #[test]
    fn extra_reads_as_serde_json_does() {
        let json = r#"{"b": [1, -2, 3.5, 1e300, "x", null, true, {"c": {}}], "a": {"z": 1, "y": [[]]}, "n": 18446744073709551615}"#;
        let ours = read(&format!("{{\"extra\": {json}}}")).unwrap().unwrap();
        let theirs: Value = serde_json::from_str(json).unwrap();
        assert_eq!(Value::Object(ours.clone()), theirs);
        assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap(), "order kept");
        assert_eq!(read(r#"{"extra": null}"#).unwrap(), None);
        assert_eq!(read(r#"{}"#).unwrap(), None);
        assert!(read(r#"{"extra": [1]}"#).unwrap_err().contains("expected an object"));
    }

    #[test]
    fn a_repeated_key_is_refused_at_any_depth() {
        assert_eq!(
            read(r#"{"extra": {"a": 1, "a": 2}}"#).unwrap_err(),
            "extra.a: the key \"a\" appears twice at line 1 column 24"
        );
        let err = read(r#"{"extra": {"a": {"b": [0, {"c": 1, "d": 2, "c": 3}]}}}"#).unwrap_err();
        assert!(err.starts_with("extra.a.b[1].c: the key \"c\" appears twice"), "{err}");
        let err = serde_json::from_str::<Holder>(r#"{"extra": {"x": {"q\u001b": 1, "q\u001b": 2}}}"#).unwrap_err();
        assert!(err.to_string().starts_with("the key \"q\\u{1b}\" appears twice"), "{err}");
    }

    #[test]
    fn depth_counts_levels() {
        let extra = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(depth(&extra(serde_json::json!({}))), 1);
        assert_eq!(depth(&extra(serde_json::json!({"a": 1}))), 1);
        assert_eq!(depth(&extra(serde_json::json!({"a": [1, {"b": {}}], "c": {}}))), 4);
    }
}
