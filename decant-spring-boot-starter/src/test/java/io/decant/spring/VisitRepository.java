package io.decant.spring;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.repository.CrudRepository;

/** The application's repository of visits, migrated by the migration {@code visits}. */
@Migrated("visits")
public interface VisitRepository extends CrudRepository<Visit, Long> {
    @NewStoreQuery("SELECT * FROM pet_visits WHERE pet = ?")
    List<Visit> findByPetId(long petId);

    @NewStoreQuery("SELECT * FROM pet_visits WHERE description = ?")
    Set<Visit> findByDescription(String description);

    @NewStoreQuery("SELECT * FROM pet_visits WHERE description = ? AND pet = ?")
    Optional<Visit> findByDescriptionAndPetId(String description, long petId);
}
