package io.decant.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A pet's visit: a JPA entity whose id the database generates at the insert; {@code note} is a legacy column the migration leaves out. */
@Entity
@Table(name = "visits")
public class Visit {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private long petId;
    private String description;
    private String note;

    protected Visit() {
    }

    Visit(long petId, String description, String note) {
        this.petId = petId;
        this.description = description;
        this.note = note;
    }

    public Long getId() {
        return id;
    }

    public long getPetId() {
        return petId;
    }

    public String getDescription() {
        return description;
    }

    public String getNote() {
        return note;
    }
}
