# Signatures from github.com/CBIIT/prefect-toolkit (src/commons/literals.py at 5705f799ca7b): bodies dropped.
from dataclasses import dataclass, field

@dataclass
class CrdcDHMongoSecrets:
    """A class stores constants related to MongoDB of CRDCDH
    """
    secret_name = 'bento/crdc-hub/dev2'
    submission_collection = 'submissions'
    datarecord_colleciton = 'dataRecords'

@dataclass
class CommonsRepo:
    try:
        icdc: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/icdc-model-tool', 'model_yaml': 'model-desc/icdc-model.yml', 'props_yaml': 'model-desc/icdc-model-props.yml', 'tags_api': 'https://api.github.com/repos/CBIIT/icdc-model-tool/tags', 'master_zipball': 'https://github.com/CBIIT/icdc-model-tool/archive/refs/heads/main.zip'})
    except Exception:
        pass
    try:
        ccdi: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/ccdi-model', 'model_yaml': 'model-desc/ccdi-model.yml', 'props_yaml': 'model-desc/ccdi-model-props.yml', 'tags_api': 'https://api.github.com/repos/CBIIT/ccdi-model/tags', 'master_zipball': 'https://github.com/CBIIT/ccdi-model/archive/refs/heads/main.zip'})
    except Exception:
        pass
    try:
        cds: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/cds-model', 'model_yaml': 'model-desc/cds-model.yml', 'props_yaml': 'model-desc/cds-model-props.yml', 'tags_api': 'https://api.github.com/repos/CBIIT/cds-model/tags', 'master_zipball': 'https://github.com/CBIIT/cds-model/archive/refs/heads/main.zip'})
    except Exception:
        pass
    try:
        c3dc: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/c3dc-model', 'model_yaml': 'model-desc/c3dc-model.yml', 'props_yaml': 'model-desc/c3dc-model-props.yml', 'tags_api': 'https://api.github.com/repos/CBIIT/c3dc-model/tags', 'master_zipball': 'https://github.com/CBIIT/c3dc-model/archive/refs/heads/main.zip'})
    except Exception:
        pass
    try:
        ctdc: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/ctdc-model', 'model_yaml': 'model-desc/ctdc_model_file.yaml', 'props_yaml': 'model-desc/ctdc_model_properties_file.yaml', 'tags_api': 'https://api.github.com/repos/CBIIT/ctdc-model/tags', 'master_zipball': 'https://github.com/CBIIT/ctdc-model/archive/refs/heads/main.zip'})
    except Exception:
        pass
    try:
        ccdi_dcc: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/ccdi-dcc-model', 'model_yaml': 'model-desc/ccdi-dcc-model.yml', 'props_yaml': 'model-desc/ccdi-dcc-model-props.yml', 'tags_api': 'https://api.github.com/repos/CBIIT/ccdi-dcc-model/tags', 'master_zipball': 'https://github.com/CBIIT/ccdi-dcc-model/archive/refs/heads/main.zip'})
    except Exception:
        pass
    try:
        popsci: dict = field(default_factory=lambda: {'repo': 'https://github.com/CBIIT/popsci-model', 'model_yaml': 'model-desc/popsci-model.yml', 'props_yaml': 'model-desc/popsci-model-props.yml', 'tags_api': 'https://api.github.com/repos/CBIIT/popsci-model/tags', 'master_zipball': 'https://github.com/CBIIT/popsci-model/archive/refs/heads/main.zip'})
    except Exception:
        pass

@dataclass
class CommonsFeat:
    try:
        icdc: dict = field(default_factory=lambda: {'delimiter': ';'})
    except Exception:
        pass
    try:
        ccdi: dict = field(default_factory=lambda: {'delimiter': ';'})
    except Exception:
        pass
    try:
        cds: dict = field(default_factory=lambda: {'delimiter': '|'})
    except Exception:
        pass
    try:
        c3dc: dict = field(default_factory=lambda: {'delimiter': ';'})
    except Exception:
        pass
    try:
        ctdc: dict = field(default_factory=lambda: {'delimiter': '|'})
    except Exception:
        pass
    try:
        ccdi_dcc: dict = field(default_factory=lambda: {'delimiter': ';'})
    except Exception:
        pass
    try:
        popsci: dict = field(default_factory=lambda: {'delimiter': '|'})
    except Exception:
        pass
