//! Flow reading against schemas recorded from Prefect 3.9.1 (see tests/ for live comparisons).

use super::*;
use serde_json::json;

fn load_source(source: &str, func: &str) -> Result<Flow> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flows.py"), source).unwrap();
    load(&format!("flows.py:{func}"), dir.path(), &Env::default())
}

#[test]
fn name_description_version() {
    let src = "from prefect import flow\n\n@flow\ndef hello_world(x: int = 42, y: str = 'a'):\n    \"\"\"Greets.\n\n    More.\n    \"\"\"\n";
    let f = load_source(src, "hello_world").unwrap();
    assert_eq!(f.name, "hello-world");
    assert_eq!(f.description.as_deref(), Some("Greets.\n\nMore."));
    assert_eq!(f.version, md5_hex(src.as_bytes()));
    assert_eq!(
        f.parameter_schema,
        json!({"title": "Parameters", "type": "object", "properties": {
            "x": {"default": 42, "position": 0, "title": "x", "type": "integer"},
            "y": {"default": "a", "position": 1, "title": "y", "type": "string"}}})
    );
    let named = load_source("import prefect\n@prefect.flow(name='etl', description='d', version='v9')\ndef f():\n    pass\n", "f").unwrap();
    assert_eq!(
        (
            named.name.as_str(),
            named.description.as_deref(),
            named.version.as_str()
        ),
        ("etl", Some("d"), "v9")
    );
    assert_eq!(
        named.parameter_schema,
        json!({"title": "Parameters", "type": "object", "properties": {}})
    );
}

#[test]
fn schema_matches_prefect_for_common_types() {
    // Expected output recorded from prefect 3.9.1's parameter_schema for the same source.
    let src = r#"
import datetime, uuid, decimal, pathlib
from typing import Literal, Tuple, Set, Any, Annotated, Optional, Union
from prefect import flow

@flow
def f(a: Literal["x", "y"] = "x", b: Literal[1] = 1, c: Tuple[int, str] = (1, "a"), d: Tuple[int, ...] = (), e: Set[str] = set(), g: Any = None, h: Annotated[int, "meta"] = 3, i: int | None = None, j: Union[None, str] = None, k: datetime.datetime = None, l: datetime.timedelta = None, m: uuid.UUID = None, n: decimal.Decimal = None, o: pathlib.Path = None, p: bytes = b"x", q: dict[str, Any] = None, r: list[int] = [1], s: float = 1, *args, u: str = "kw", **kwargs):
    """Summary line.

    Args:
        a: first line
            continued here
        b (int): typed doc
    """
"#;
    let expected = json!({"title": "Parameters", "type": "object", "properties": {"a": {"default": "x", "description": "first line\ncontinued here", "enum": ["x", "y"], "position": 0, "title": "a", "type": "string"}, "b": {"const": 1, "default": 1, "description": "typed doc", "position": 1, "title": "b", "type": "integer"}, "c": {"default": [1, "a"], "maxItems": 2, "minItems": 2, "position": 2, "prefixItems": [{"type": "integer"}, {"type": "string"}], "title": "c", "type": "array"}, "d": {"default": [], "items": {"type": "integer"}, "position": 3, "title": "d", "type": "array"}, "e": {"default": [], "items": {"type": "string"}, "position": 4, "title": "e", "type": "array", "uniqueItems": true}, "g": {"default": null, "position": 5, "title": "g"}, "h": {"default": 3, "position": 6, "title": "h", "type": "integer"}, "i": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "position": 7, "title": "i"}, "j": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "position": 8, "title": "j"}, "k": {"default": null, "format": "date-time", "position": 9, "title": "k", "type": "string"}, "l": {"default": null, "format": "duration", "position": 10, "title": "l", "type": "string"}, "m": {"default": null, "format": "uuid", "position": 11, "title": "m", "type": "string"}, "n": {"anyOf": [{"type": "number"}, {"type": "string"}], "default": null, "position": 12, "title": "n"}, "o": {"default": null, "format": "path", "position": 13, "title": "o", "type": "string"}, "p": {"default": "x", "format": "binary", "position": 14, "title": "p", "type": "string"}, "q": {"additionalProperties": true, "default": null, "position": 15, "title": "q", "type": "object"}, "r": {"default": [1], "items": {"type": "integer"}, "position": 16, "title": "r", "type": "array"}, "s": {"default": 1, "position": 17, "title": "s", "type": "number"}, "args": {"default": [], "items": {}, "position": 18, "title": "args", "type": "array"}, "u": {"default": "kw", "position": 19, "title": "u", "type": "string"}, "kwargs": {"additionalProperties": true, "default": {}, "position": 20, "title": "kwargs", "type": "object"}}});
    let got = load_source(src, "f").unwrap().parameter_schema;
    assert_eq!(got, expected);
    assert_eq!(
        serde_json::to_string(&got).unwrap(),
        serde_json::to_string(&expected).unwrap(),
        "key order"
    );
}

#[test]
fn required_parameters_and_methods() {
    let src = "from prefect import flow\nclass Jobs:\n    @flow\n    def run(self, name: str, n: int = -3):\n        pass\n";
    let f = load_source(src, "Jobs.run").unwrap();
    assert_eq!(f.parameter_schema["required"], json!(["name"]));
    assert_eq!(f.parameter_schema["properties"]["n"]["default"], json!(-3));
    // Prefect counts `self` when numbering positions (checked against prefect deploy).
    assert_eq!(
        f.parameter_schema["properties"]["name"]["position"],
        json!(1)
    );
}

#[test]
fn errors_name_file_line_and_choices() {
    let err = load_source("from prefect import flow\n\n@flow\ndef ok(:\n", "ok").unwrap_err();
    assert!(err.to_string().contains("flows.py:4:"), "{err}");
    let err = load_source(
        "from prefect import flow\n@flow\ndef a(): pass\n@flow\ndef b(): pass\n",
        "c",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("its @flow functions are: a, b"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let err = load("missing.py:f", dir.path(), &Env::default()).unwrap_err();
    assert!(err.to_string().contains("missing.py"), "{err}");
    assert!(load("nofunction", dir.path(), &Env::default()).is_err());
}

#[test]
fn module_entrypoints_are_read_where_python_would_import_them() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "jobs/etl.py",
        "from prefect import flow\n@flow\ndef run(n: int = 1):\n    pass\n",
    );
    write("src/pkg/__init__.py", "");
    write(
        "src/pkg/types.py",
        "from typing import Literal\nMode = Literal['a', 'b']\n",
    );
    write("src/pkg/flows.py", "from prefect import flow\nfrom pkg.types import Mode\n@flow\ndef main(mode: Mode = 'a'):\n    pass\n");
    assert_eq!(
        load("jobs.etl:run", dir.path(), &Env::default())
            .unwrap()
            .name,
        "run"
    );
    assert_eq!(
        load("jobs.etl.run", dir.path(), &Env::default())
            .unwrap()
            .name,
        "run"
    );
    let main = load("pkg.flows:main", dir.path(), &Env::default()).unwrap();
    assert_eq!(
        main.parameter_schema["properties"]["mode"]["enum"],
        json!(["a", "b"])
    );
    let err = load("missing.flows:main", dir.path(), &Env::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("looked for missing/flows.py, missing/flows/__init__.py"),
        "{err}"
    );
    let err = load("bad-name.flows:main", dir.path(), &Env::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("package.module:function_name"), "{err}");
}

#[test]
fn flow_names_computed_from_constants_are_worked_out_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("settings")).unwrap();
    std::fs::write(
        dir.path().join("settings/__init__.py"),
        "PLATFORM = 'gcp'\nTIER = 2\n",
    )
    .unwrap();
    let flows = "from prefect import flow\nfrom settings import PLATFORM, TIER\nDB = 'erp'\n\
BASE = f'ingest_{PLATFORM}_{DB}'\nNAME = BASE + '_t' + f'{TIER!s}' + '!'\n\
@flow(name=NAME, description=f'Loads {DB}', version=DB)\ndef run():\n    pass\n\
@flow(name=f'{DB:>10}')\ndef padded():\n    pass\n\
import os\n@flow(name=make_name())\ndef from_call():\n    pass\n\
@flow(name=os.getenv('PINFLOW_TEST_SURELY_UNSET', 'fallback-' + DB))\ndef from_env():\n    pass\n";
    std::fs::write(dir.path().join("flows.py"), flows).unwrap();
    let f = load("flows.py:run", dir.path(), &Env::default()).unwrap();
    assert_eq!(
        (
            f.name.as_str(),
            f.description.as_deref(),
            f.version.as_str()
        ),
        ("ingest_gcp_erp_t2!", Some("Loads erp"), "erp")
    );
    assert_eq!(
        name("flows.py:run", dir.path(), &Env::default()).as_deref(),
        Some("ingest_gcp_erp_t2!")
    );
    assert_eq!(
        load("flows.py:from_env", dir.path(), &Env::default())
            .unwrap()
            .name,
        "fallback-erp"
    );
    let env = Env::from_pairs([("PINFLOW_TEST_SURELY_UNSET", "")]);
    assert_eq!(
        load("flows.py:from_env", dir.path(), &env).unwrap().name,
        ""
    );
    for func in ["padded", "from_call"] {
        let err = load(&format!("flows.py:{func}"), dir.path(), &Env::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("@flow(name=...) of") && err.contains("--python PATH"),
            "{err}"
        );
        assert!(
            err.starts_with(&format!("{}:", dir.path().join("flows.py").display())),
            "{err}"
        );
    }
}

#[test]
fn environment_defaults_are_read_as_prefect_reads_them_but_never_secrets() {
    let src = "import os\nfrom prefect import flow\nSTAGE = os.environ.get('STAGE', 'dev')\n\
@flow\ndef f(stage: str = STAGE, token: str = os.getenv('API_TOKEN', 'none'), n: str = os.getenv('N')):\n    pass\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flows.py"), src).unwrap();
    let props = |env: &Env| {
        load("flows.py:f", dir.path(), env)
            .unwrap()
            .parameter_schema["properties"]
            .clone()
    };
    let unset = props(&Env::default());
    assert_eq!(
        (
            &unset["stage"]["default"],
            &unset["token"]["default"],
            &unset["n"]["default"]
        ),
        (&json!("dev"), &json!("none"), &json!(null))
    );
    let set = props(&Env::from_pairs([
        ("STAGE", "prod"),
        ("API_TOKEN", "s3cr3t-value"),
    ]));
    assert_eq!(set["stage"]["default"], "prod");
    assert!(
        set["token"].get("default").is_none(),
        "a secret's value is never put in the schema"
    );
    assert!(!set.to_string().contains("s3cr3t-value"));
}

#[test]
fn conversions_of_known_values_are_worked_out_as_python_converts_them() {
    let src = "from prefect import flow\n\n@flow\ndef f(a: int = int(\" 20 \"), b: float = float(\"0.5\"), c: str = str(3), d: int = int(\"1_0\"), e: float = float(\"nan\"), g: dict = dict({\"x\": 1}, y=2)):\n    pass\n";
    let props = &load_source(src, "f").unwrap().parameter_schema["properties"];
    assert_eq!(props["a"]["default"], json!(20));
    assert_eq!(props["b"]["default"], json!(0.5));
    assert_eq!(props["c"]["default"], json!("3"));
    // Python reads these, pinflow does not mirror them: left out, not guessed.
    assert_eq!(props["d"].get("default"), None);
    assert_eq!(props["e"].get("default"), None);
    assert_eq!(props["g"]["default"], json!({"x": 1, "y": 2}));
}

#[test]
fn model_configuration_pinflow_cannot_read_is_left_out() {
    let src = "from pydantic import BaseModel, ConfigDict\nfrom prefect import flow\n\nBASE = {}\n\nclass A(BaseModel):\n    model_config = ConfigDict(**BASE)\n    x: int = 1\n\nclass B(BaseModel):\n    model_config = ConfigDict(extra=choose(), title=make_title())\n    x: int = 1\n\n@flow\ndef f(a: A, b: B):\n    pass\n";
    let defs = &load_source(src, "f").unwrap().parameter_schema["definitions"];
    assert_eq!(defs["A"].get("additionalProperties"), None);
    assert_eq!(defs["B"].get("additionalProperties"), None);
    assert_eq!(defs["B"]["title"], json!("B"));
}
