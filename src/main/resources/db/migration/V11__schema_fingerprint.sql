-- The fingerprint of the migrations last applied to this database (Migrations.java): a desktop start that finds it
-- equal to its own migrations' fingerprint knows the schema is current and leaves Flyway out of the start.
CREATE TABLE schema_fingerprint (
    id INT PRIMARY KEY,
    fingerprint VARCHAR(64) NOT NULL
);
