"""Makes ``tafel-v2.sqlite``: a database as tafel's schema version 2 wrote it (before tombstones).

Kept in the repository with the file it makes, so the v2→v3 migration test always upgrades the
same old file in place. Run once: ``python tests/storage/data/make_v2_db.py``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

V2_SCHEMA = """
CREATE TABLE meta ("key" VARCHAR NOT NULL PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE tafel_table (
    id VARCHAR(36) NOT NULL PRIMARY KEY, title VARCHAR NOT NULL, date VARCHAR NOT NULL,
    canvas VARCHAR NOT NULL, canvas_version INTEGER, language VARCHAR NOT NULL,
    programme VARCHAR, location VARCHAR, moderator VARCHAR, started_at VARCHAR, ended_at VARCHAR,
    current_round VARCHAR, created_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL,
    share_token VARCHAR, deleted_at VARCHAR, source_exported_at VARCHAR, export_path VARCHAR,
    extra JSON NOT NULL, doc_extra JSON NOT NULL, UNIQUE (share_token)
);
CREATE INDEX ix_tafel_table_updated_at ON tafel_table (updated_at);
CREATE TABLE participant (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    table_id VARCHAR(36) NOT NULL REFERENCES tafel_table (id) ON DELETE CASCADE,
    position INTEGER NOT NULL, name VARCHAR, sector VARCHAR, consent BOOLEAN NOT NULL,
    extra JSON NOT NULL
);
CREATE INDEX ix_participant_table_id ON participant (table_id);
CREATE TABLE direction_version (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    table_id VARCHAR(36) NOT NULL REFERENCES tafel_table (id) ON DELETE CASCADE,
    round VARCHAR NOT NULL, text VARCHAR NOT NULL, saved_at VARCHAR NOT NULL
);
CREATE INDEX ix_direction_version_table_id ON direction_version (table_id);
CREATE TABLE round_timer (
    table_id VARCHAR(36) NOT NULL REFERENCES tafel_table (id) ON DELETE CASCADE,
    round VARCHAR NOT NULL, elapsed FLOAT NOT NULL, running_since VARCHAR,
    PRIMARY KEY (table_id, round)
);
CREATE TABLE item (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    table_id VARCHAR(36) NOT NULL REFERENCES tafel_table (id) ON DELETE CASCADE,
    round VARCHAR NOT NULL, kind VARCHAR NOT NULL, text VARCHAR NOT NULL, value VARCHAR,
    refs JSON NOT NULL, participant_id VARCHAR(36) REFERENCES participant (id) ON DELETE SET NULL,
    "between" JSON NOT NULL, rank INTEGER, tags JSON NOT NULL, zone VARCHAR, position INTEGER NOT NULL,
    created_at VARCHAR, updated_at VARCHAR, extra JSON NOT NULL
);
CREATE INDEX ix_item_table_id ON item (table_id);
CREATE INDEX ix_item_participant_id ON item (participant_id);
"""

TABLE = "4a2d3c0f-8e5b-4d2f-8b62-1c7f3e9f5b21"
ANNA = "5a0e8c3d-1b2f-4e6a-8c9d-7f1e2a3b4c5d"
BERT = "6b1f9d4e-2c3a-4f7b-9d0e-8a2f3b4c5d6e"
EARLIER = "2024-04-02T09:00:00.000000+00:00"
NOW = "2024-04-02T10:15:00.000000+00:00"


def make(path: Path) -> None:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(V2_SCHEMA)
    db.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    db.execute(
        "INSERT INTO tafel_table VALUES (?, 'Tafel Deventer', '2024-04-02', 'sturingsfilosofie', 1, 'nl',"
        " 'Gesprekstafels 2024', 'Deventer', 'M. de Vries', NULL, NULL, 'gesprek', ?, ?, 'tok-v2', NULL,"
        " NULL, NULL, '{}', '{}')",
        (TABLE, EARLIER, NOW),
    )
    db.execute("INSERT INTO participant VALUES (?, ?, 0, 'Anna', 'burger', 1, '{}')", (ANNA, TABLE))
    db.execute("INSERT INTO participant VALUES (?, ?, 1, 'Bert', 'ondernemer', 0, '{}')", (BERT, TABLE))
    items = [
        ("0c6d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e20", "waarden", "value", "Zonder vertrouwen geen samenwerking.",
         "vertrouwen", ["menselijke maat"], ANNA, [], None, None, 0),
        ("1d7e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f30", "richting", "direction", "Dichter bij de mensen, met maatwerk.",
         None, [], None, [], None, None, 1),
        ("2e8f3a4b-5c6d-4e7f-8a8b-9c0d1e2f3a40", "gesprek", "tension", "",
         None, [], BERT, ["rechtmatigheid", "menselijke maat"], None, "spanningen", 2),
        ("3f9a4b5c-6d7e-4f8a-9b9c-0d1e2f3a4b50", "advies", "advice", "Begin bij de leefwereld.",
         None, [], None, [], 1, None, 3),
    ]
    for iid, rnd, kind, text, value, refs, who, between, rank, zone, pos in items:
        db.execute(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, '{}')",
            (iid, TABLE, rnd, kind, text, value, json.dumps(refs), who, json.dumps(between), rank, zone, pos,
             EARLIER, NOW),
        )
    versions = [("Dichter bij de mensen.", EARLIER), ("Dichter bij de mensen, met maatwerk.", NOW)]
    for n, (text, saved) in enumerate(versions):
        db.execute(
            "INSERT INTO direction_version VALUES (?, ?, 'richting', ?, ?)",
            (f"9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2{n}", TABLE, text, saved),
        )
    db.execute("INSERT INTO round_timer VALUES (?, 'gesprek', 125.5, NULL)", (TABLE,))
    db.commit()
    db.close()


if __name__ == "__main__":
    make(Path(__file__).with_name("tafel-v2.sqlite"))
